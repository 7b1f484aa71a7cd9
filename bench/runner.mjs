// Runner benchmark (issue 3): N probe-samples against the simulator at a fixed latency and
// concurrency. Wall time against the ideal N × latency / concurrency, CPU per request of the
// runner process (the simulator runs in its own process), peak RSS; medians over RUNS runs.
// Usage: npm run build && node bench/runner.mjs [--runs 3] [--latency 20] [--concurrency 64] [--n 2000,10000]
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const RUNS = Number(arg('runs', 3));
const LATENCY = Number(arg('latency', 20));
const CONCURRENCY = Number(arg('concurrency', 64));
const SIZES = String(arg('n', '2000,10000')).split(',').map(Number);
const PROBES = 1000; // N = PROBES × repeats, one candidate

const root = mkdtempSync(join(tmpdir(), 'stoppoint-bench-'));
mkdirSync(join(root, 'probes/bench'), { recursive: true });
mkdirSync(join(root, 'runs'), { recursive: true });
writeFileSync(join(root, 'probes/bench/probe-set.yaml'), 'name: bench\ndescription: generated probes for the runner benchmark\n');
const lines = [];
for (let i = 0; i < PROBES; i++) {
  lines.push(JSON.stringify({ id: `b-${String(i).padStart(5, '0')}`, category: 'factuality', lang: 'en',
    prompt: `Benchmark question ${i}: what is ${i} plus ${i}?`, expect: { behavior: 'answer', answer: String(2 * i), match: 'numeric' } }));
}
writeFileSync(join(root, 'probes/bench/probes.jsonl'), lines.join('\n') + '\n');

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
    const runs = [];
    for (let r = 0; r < RUNS; r++) {
      rmSync(join(root, 'runs/stoppoint.sqlite'), { force: true });
      rmSync(join(root, 'runs/stoppoint.sqlite-wal'), { force: true });
      rmSync(join(root, 'runs/stoppoint.sqlite-shm'), { force: true });
      const out = execFileSync(process.execPath, [new URL('./runner-child.mjs', import.meta.url).pathname, root, plan, String(CONCURRENCY)], { encoding: 'utf8' });
      const m = JSON.parse(out);
      if (m.outcome !== 'complete' || m.replies !== n) throw new Error(`run incomplete: ${out}`);
      runs.push(m);
      process.stderr.write(`  N=${n} run ${r + 1}: wall ${m.wallMs.toFixed(0)} ms, cpu ${(m.cpuMs / n).toFixed(3)} ms/req, rss ${m.maxRssMb.toFixed(0)} MB\n`);
    }
    const ideal = (n * LATENCY) / CONCURRENCY;
    const wall = median(runs.map((m) => m.wallMs));
    results.push({
      n, latencyMs: LATENCY, concurrency: CONCURRENCY, runs: RUNS,
      idealMs: ideal, wallMs: Math.round(wall), overIdeal: wall / ideal - 1,
      cpuMsPerRequest: median(runs.map((m) => m.cpuMs / n)),
      peakRssMb: median(runs.map((m) => m.maxRssMb)),
    });
  }
} finally {
  sim.kill('SIGTERM');
  rmSync(root, { recursive: true, force: true });
}
console.log('runner: N, wall (median), ideal, over ideal, CPU ms/request, peak RSS');
for (const r of results) {
  console.log(`  N=${r.n}  wall ${r.wallMs} ms  ideal ${r.idealMs.toFixed(0)} ms  +${(100 * r.overIdeal).toFixed(1)}%  cpu ${r.cpuMsPerRequest.toFixed(3)} ms/req  rss ${r.peakRssMb.toFixed(0)} MB`);
}
console.log(JSON.stringify({ bench: 'runner', results }));
