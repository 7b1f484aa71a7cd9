// The simulator for bench/runner.mjs, in its own process so its CPU is not counted as the runner's.
// Usage: node bench/runner-sim.mjs WORKSPACE LATENCY_MS  -> prints the base URL on stdout, then serves.
const [{ loadScenario }, { startSimServer }, { resolveProbeSets }, { openWorkspace }] = await Promise.all([
  import('../dist/sim/scenario.js'),
  import('../dist/sim/server.js'),
  import('../dist/probes/resolve.js'),
  import('../dist/workspace.js'),
]);
const [root, latency] = process.argv.slice(2);
const ws = openWorkspace(root);
const scenario = loadScenario(new URL('../test/fixtures/runner/scenario.yaml', import.meta.url).pathname);
const probeSets = resolveProbeSets(ws, ['bench']);
const sim = await startSimServer({ port: 0, host: '127.0.0.1', scenario, probeSets, faults: { latency_ms: Number(latency) } });
process.stdout.write(`${sim.url}\n`);
process.on('SIGTERM', () => void sim.close().then(() => process.exit(0)));
