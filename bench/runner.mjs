// Runner benchmark (issue 8, "Runner"): N probe-samples against the simulator at a fixed latency
// and concurrency. Wall time against the ideal N × latency / concurrency, CPU per request of the
// runner process (the simulator runs in its own process; its CPU is shown apart), peak RSS;
// medians over RUNS runs, each a fresh process with a fresh store. The same N also runs with an
// in-process fake client (same latency, no HTTP) to show the runner's own share of the CPU apart
// from the openai SDK and the transport. Last, grading's CPU per reply (bench/runner-grading.mjs,
// `gradeExperiment` over simulator replies to the core probes) is added to the SDK figure: the
// goal counts grading in.
// Usage: npm run build && node bench/runner.mjs [--runs 3] [--latency 20] [--concurrency 128] [--n 10000,50000] [--no-grading]
import { execFileSync, spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { loadavg } from 'node:os';
import { makeBenchWorkspace, processCpuMs } from './runner-workspace.mjs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const RUNS = Number(arg('runs', 3));
const LATENCY = Number(arg('latency', 20));
const CONCURRENCY = Number(arg('concurrency', 128));
const SIZES = String(arg('n', '10000,50000')).split(',').map(Number);
const PROBES = 1000; // N = PROBES × repeats, one candidate

const root = makeBenchWorkspace(PROBES);
const sim = spawn(process.execPath, [new URL('./runner-sim.mjs', import.meta.url).pathname, root, String(LATENCY)], { stdio: ['ignore', 'pipe', 'inherit'] });
const [chunk] = await once(sim.stdout, 'data');
const url = String(chunk).trim();

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = [];
try {
  for (const n of SIZES) {
    const repeats = n / PROBES;
    const plan = join(root, 'runs', `bench-${n}.yaml`);
    writeFileSync(plan, `name: bench-${n}\nprobes: [bench]\nendpoint: {base_url: "${url}"}\nsampling: {temperature: 0.7, max_tokens: 64}\nrepeats: ${repeats}\nconcurrency: ${CONCURRENCY}\ncandidates:\n  - {name: base, model: base}\n`);
    for (const mode of ['sdk', 'fake']) {
      if (mode === 'fake' && n !== SIZES[SIZES.length - 1]) continue;
      const runs = [];
      for (let r = 0; r < RUNS; r++) {
        for (const f of ['', '-wal', '-shm']) rmSync(join(root, `runs/stoppoint.sqlite${f}`), { force: true });
        const sim0 = processCpuMs(sim.pid);
        const out = execFileSync(process.execPath, [new URL('./runner-child.mjs', import.meta.url).pathname, root, plan, String(CONCURRENCY), mode, String(LATENCY)], { encoding: 'utf8' });
        const m = JSON.parse(out);
        m.simCpuMs = processCpuMs(sim.pid) - sim0;
        m.load = loadavg()[0];
        if (m.outcome !== 'complete' || m.replies !== n) throw new Error(`run incomplete: ${out}`);
        runs.push(m);
        process.stderr.write(`  ${mode} N=${n} run ${r + 1}: wall ${m.wallMs.toFixed(0)} ms, cpu ${(m.cpuMs / n).toFixed(3)} ms/req (user ${(m.userMs / n).toFixed(3)}), rss ${m.maxRssMb.toFixed(0)} MB, sim cpu ${(m.simCpuMs / n).toFixed(3)} ms/req, load ${m.load.toFixed(1)}\n`);
      }
      const ideal = (n * LATENCY) / CONCURRENCY;
      const wall = median(runs.map((m) => m.wallMs));
      results.push({
        client: mode === 'sdk' ? 'openai SDK over HTTP' : 'in-process fake (runner only)',
        n, latencyMs: LATENCY, concurrency: CONCURRENCY, runs: RUNS,
        idealMs: ideal, wallMs: Math.round(wall), overIdeal: wall / ideal - 1,
        cpuMsPerRequest: median(runs.map((m) => m.cpuMs / n)),
        simCpuMsPerRequest: median(runs.map((m) => m.simCpuMs / n)),
        peakRssMb: median(runs.map((m) => m.maxRssMb)),
        loadAverage: median(runs.map((m) => m.load)),
      });
    }
  }
} finally {
  sim.kill('SIGTERM');
  rmSync(root, { recursive: true, force: true });
}
console.log(`runner: median of ${RUNS} runs; latency ${LATENCY} ms, concurrency ${CONCURRENCY}`);
console.log('| client | N | wall | ideal | over ideal | CPU ms/request | simulator CPU ms/request | peak RSS | load avg |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const r of results) {
  console.log(`| ${r.client} | ${r.n} | ${r.wallMs} ms | ${r.idealMs.toFixed(0)} ms | +${(100 * r.overIdeal).toFixed(1)}% | ${r.cpuMsPerRequest.toFixed(3)} | ${r.simCpuMsPerRequest.toFixed(3)} | ${r.peakRssMb.toFixed(0)} MB | ${r.loadAverage.toFixed(1)} |`);
}
let grading;
if (!process.argv.includes('--no-grading')) {
  const out = execFileSync(process.execPath, [new URL('./runner-grading.mjs', import.meta.url).pathname, '--runs', String(RUNS)], { encoding: 'utf8' });
  grading = JSON.parse(out.trim().split('\n').pop());
  const sdk = results.filter((r) => r.client.startsWith('openai')).pop();
  const total = sdk.cpuMsPerRequest + grading.gradeExperimentMsPerReply;
  console.log(`per request including grading (N=${sdk.n}): ${sdk.cpuMsPerRequest.toFixed(3)} run + ${grading.gradeExperimentMsPerReply.toFixed(3)} grade = ${total.toFixed(3)} ms (goal < 0.3; grading load ${grading.loadAverage.toFixed(1)})`);
}
console.log(JSON.stringify({ bench: 'runner', results, grading }));
