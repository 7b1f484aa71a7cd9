// One measured run of the runner (no grading), in a fresh process so peak RSS belongs to this N.
// Usage: node [--expose-gc] bench/runner-child.mjs WORKSPACE PLAN CONCURRENCY [sdk|fake] [LATENCY]  -> one JSON line on stdout.
// `fake` swaps the openai SDK for an in-process client answering after the same latency, to show
// the runner's own cost (scheduling, retries, store) apart from the HTTP client's.
const [{ loadPlan }, { evaluatePlan }, { openDb }, { openWorkspace }] = await Promise.all([
  import('../dist/plan/load.js'),
  import('../dist/runner/run-plan.js'),
  import('../dist/store/db.js'),
  import('../dist/workspace.js'),
]);
const [root, planPath, concurrency, mode, latency] = process.argv.slice(2);
const fakeClient = (endpoint) => ({
  baseUrl: endpoint.base_url,
  keyEnv: undefined,
  secret: undefined,
  complete: (params) =>
    new Promise((resolve) =>
      setTimeout(() => resolve({ text: `reply to ${params.messages[0].content}`, finishReason: 'stop', promptTokens: 20, completionTokens: 10, fingerprint: null }), Number(latency ?? 20)),
    ),
});
const ws = openWorkspace(root);
const loaded = loadPlan(planPath, ws);
const db = openDb(ws.storePath);
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const summary = await evaluatePlan(db, loaded, {}, { concurrency: Number(concurrency) }, mode === 'fake' ? { openClient: fakeClient } : {});
const wallMs = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
db.close();
const replies = summary.candidates.reduce((n, c) => n + c.replied, 0);
// With --expose-gc: what the run left behind once garbage is collected (flat in N when nothing is kept per reply).
globalThis.gc?.();
const retainedHeapMb = process.memoryUsage().heapUsed / 1024 / 1024;
process.stdout.write(
  JSON.stringify({
    outcome: summary.outcome,
    replies,
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    userMs: cpu.user / 1000,
    sysMs: cpu.system / 1000,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    retainedHeapMb,
  }) + '\n',
);
