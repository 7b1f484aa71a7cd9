// Grading's share of the per-request CPU goal (issue 8, "Runner": "CPU under 0.3 ms per request
// including grading"): the rule graders (refusal, answer, style) over simulator replies to the
// built-in `core` probes, measured two ways, median of RUNS rounds:
//   graders      the three grade functions alone, over replies held in memory;
//   stoppoint grade  `gradeExperiment` over a fresh copy of a store holding the same replies,
//                none graded yet (reads pages of replies and probes, grades, writes the grades):
//                what `stoppoint grade` and the grading step of `stoppoint run` cost per reply.
// Replies: every checkpoint of scenarios/demo.yaml × 324 core probes × REPEATS samples, answered
// by the simulator's engine in-process (no HTTP), as `stoppoint demo` would store them.
// Usage: npm run build && node bench/runner-grading.mjs [--runs 3] [--repeats 2]
import { copyFileSync, mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { createHash } from 'node:crypto';
import { join } from 'node:path';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const RUNS = Number(arg('runs', 3));
const REPEATS = Number(arg('repeats', 2));

const dist = (p) => import(new URL(`../dist/${p}`, import.meta.url).href);
const [{ openWorkspace }, { resolveProbeSets }, { probeMessages }, { loadScenario }, { createEngine }, { DEFAULT_SCENARIO }, { ruleGraders, loadRuleSet }, { gradeExperiment }, { loadPlan }, { evaluatePlan }, { openDb }] =
  await Promise.all(['workspace.js', 'probes/resolve.js', 'probes/schema.js', 'sim/scenario.js', 'sim/engine.js', 'sim/launch.js', 'graders/registry.js', 'graders/grade-experiment.js', 'plan/load.js', 'runner/run-plan.js', 'store/db.js'].map(dist));

const root = mkdtempSync(join(tmpdir(), 'stoppoint-bench-grading-'));
mkdirSync(join(root, 'runs'), { recursive: true });
const ws = openWorkspace(root);
const sets = resolveProbeSets(ws, ['core']);
const scenario = loadScenario(DEFAULT_SCENARIO);
const engine = createEngine(scenario, sets);
const models = [...engine.models.checkpoints.keys()];

/** The simulator without a server, as a chat client. */
const engineClient = (endpoint) => ({
  baseUrl: endpoint.base_url, keyEnv: undefined, secret: undefined,
  complete: async (params) => {
    const model = engine.models.checkpoints.get(params.model);
    const probe = engine.index.lookup(params.messages);
    const { text } = engine.reply(model, params.messages, { temperature: params.temperature, seed: params.seed }, probe);
    return { text, finishReason: 'stop', promptTokens: null, completionTokens: null, fingerprint: null };
  },
});

// The replies, in memory, for the grade functions alone.
const pairs = [];
for (const name of models) {
  const model = engine.models.checkpoints.get(name);
  for (const set of sets) {
    for (const record of set.records) {
      const messages = probeMessages(record);
      for (let s = 0; s < REPEATS; s++) pairs.push({ record, text: engine.reply(model, messages, { temperature: 0.7, seed: s }, engine.index.lookup(messages)).text });
    }
  }
}

// The same replies in a store, through the runner.
const planPath = join(root, 'runs/grading.yaml');
writeFileSync(planPath, [
  'name: grading', 'probes: [core]', 'endpoint: {base_url: "http://127.0.0.1:9/v1"}', 'sampling: {temperature: 0.7, max_tokens: 256}',
  `repeats: ${REPEATS}`, 'concurrency: 64', 'candidates:', ...models.map((m, i) => `  - {name: c${i}, model: ${m}${i === 0 ? ', baseline: true' : ''}}`), '',
].join('\n'));
const db = openDb(ws.storePath);
const run = await evaluatePlan(db, loadPlan(planPath, ws), {}, {}, { openClient: engineClient });
const stored = run.candidates.reduce((n, c) => n + c.replied, 0);
if (stored !== pairs.length) throw new Error(`stored ${stored} replies, expected ${pairs.length}`);
db.close(); // the store is copied, whole, for each round below

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const cpuMs = (f) => {
  const c0 = process.cpuUsage();
  f();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
};
const graders = ruleGraders(loadRuleSet(ws));
const each = Object.fromEntries(graders.map((g) => [g.name, []]));
const all = [];
const viaStore = [];
// A digest of every grade: a speed change to the graders must leave it as it was.
const digest = createHash('sha256');
for (const g of graders) for (const p of pairs) digest.update(JSON.stringify(g.grade(p.record, p.text)));
const gradesDigest = digest.digest('hex').slice(0, 16);
let checksum = 0;
for (let r = 0; r < RUNS + 1; r++) { // round 0 warms up
  const times = graders.map((g) => cpuMs(() => { for (const p of pairs) checksum += g.grade(p.record, p.text).status.length; }));
  // Each round grades a fresh copy of the ungraded store, as `stoppoint grade` after a run does.
  const copy = join(root, `round-${r}.sqlite`);
  copyFileSync(ws.storePath, copy);
  const roundDb = openDb(copy);
  const c0 = process.cpuUsage();
  const summary = await gradeExperiment(roundDb, ws, 'grading');
  const c = process.cpuUsage(c0);
  roundDb.close();
  rmSync(copy, { force: true });
  if (summary.graders.some((g) => g.graded !== pairs.length)) throw new Error(`graded ${JSON.stringify(summary.graders)}`);
  const grade = (c.user + c.system) / 1000;
  if (r === 0) continue;
  graders.forEach((g, i) => each[g.name].push(times[i] / pairs.length));
  all.push(times.reduce((a, b) => a + b, 0) / pairs.length);
  viaStore.push(grade / pairs.length);
}
rmSync(root, { recursive: true, force: true });

const load = loadavg()[0];
const us = (ms) => (ms * 1000).toFixed(1);
console.log(`grades digest ${gradesDigest}`);
console.log(`grading: ${pairs.length} replies (${models.length} checkpoints × ${pairs.length / models.length / REPEATS} core probes × ${REPEATS}), median of ${RUNS}, load ${load.toFixed(1)}`);
console.log('| what | CPU µs/reply |');
console.log('|---|---|');
for (const g of graders) console.log(`| grader \`${g.name}\` | ${us(median(each[g.name]))} |`);
console.log(`| the three rule graders | ${us(median(all))} |`);
console.log(`| \`gradeExperiment\` (store read + 3 graders + grade writes) | ${us(median(viaStore))} |`);
console.log(JSON.stringify({ bench: 'runner-grading', replies: pairs.length, loadAverage: load, graderMsPerReply: Object.fromEntries(Object.entries(each).map(([k, v]) => [k, median(v)])), allGradersMsPerReply: median(all), gradeExperimentMsPerReply: median(viaStore), gradesDigest, checksum }));
