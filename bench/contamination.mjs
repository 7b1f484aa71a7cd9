// Contamination check over a generated training file of SIZE_MB (default 1024) in constant memory.
// Usage: npm run build && node bench/contamination.mjs [SIZE_MB ...]
// Prints throughput and peak RSS per size; flat RSS across sizes is the goal.
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';

const { checkContamination } = await import('../dist/health/contamination.js');
const { resolveProbeSets } = await import('../dist/probes/resolve.js');
const { openWorkspace } = await import('../dist/workspace.js');

const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
if (sizes.length === 0) sizes.push(64, 1024);

const [core] = resolveProbeSets(openWorkspace(process.cwd()), ['core']);
const planted = core.records.filter((_, i) => i % 40 === 0);

async function generate(file, mb) {
  const out = createWriteStream(file);
  const words = 'the of model data tuning answer question training sample batch loss value river city'.split(' ');
  let written = 0;
  let i = 0;
  const target = mb * 1024 * 1024;
  while (written < target) {
    let text = '';
    for (let w = 0; w < 60; w++) text += words[(i * 7 + w * 13) % words.length] + ' ';
    // plant a probe prompt every ~5 MB
    if (i % 20000 === 0) text += planted[(i / 20000) % planted.length].prompt ?? '';
    const line = JSON.stringify({ instruction: text, input: '', output: 'ok ' + i }) + '\n';
    if (!out.write(line)) await once(out, 'drain');
    written += Buffer.byteLength(line);
    i++;
  }
  out.end();
  await once(out, 'finish');
}

const dir = mkdtempSync(join(tmpdir(), 'sp-bench-contam-'));
try {
  for (const mb of sizes) {
    const file = join(dir, `train-${mb}.jsonl`);
    await generate(file, mb);
    const bytes = statSync(file).size;
    let peak = process.memoryUsage().rss;
    const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 50);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const report = await checkContamination(core.ref, core.records, [file], {});
    const secs = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    // CPU seconds too: on a shared machine wall time mostly measures the neighbours.
    const cpuSecs = (cpu.user + cpu.system) / 1e6;
    clearInterval(timer);
    peak = Math.max(peak, process.memoryUsage().rss);
    console.log(JSON.stringify({
      size_mb: Math.round(bytes / 1048576), seconds: +secs.toFixed(1), mb_per_s: +(bytes / 1048576 / secs).toFixed(1),
      cpu_seconds: +cpuSecs.toFixed(1), mb_per_cpu_s: +(bytes / 1048576 / cpuSecs).toFixed(1),
      peak_rss_mb: Math.round(peak / 1048576), findings: report.findings.length, planted: planted.length,
    }));
    rmSync(file);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
