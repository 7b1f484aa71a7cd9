// One measured run of the runner (no grading), in a fresh process so peak RSS belongs to this N.
// Usage: node bench/runner-child.mjs WORKSPACE PLAN CONCURRENCY  -> one JSON line on stdout.
const [{ loadPlan }, { evaluatePlan }, { openDb }, { openWorkspace }] = await Promise.all([
  import('../dist/plan/load.js'),
  import('../dist/runner/run-plan.js'),
  import('../dist/store/db.js'),
  import('../dist/workspace.js'),
]);
const [root, planPath, concurrency] = process.argv.slice(2);
const ws = openWorkspace(root);
const loaded = loadPlan(planPath, ws);
const db = openDb(ws.storePath);
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const summary = await evaluatePlan(db, loaded, {}, { concurrency: Number(concurrency) });
const wallMs = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
db.close();
const replies = summary.candidates.reduce((n, c) => n + c.replied, 0);
process.stdout.write(
  JSON.stringify({
    outcome: summary.outcome,
    replies,
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  }) + '\n',
);
