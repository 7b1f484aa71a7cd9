// Shared by the runner benchmarks: a throw-away workspace with one generated probe set, and the
// CPU time of another process (the simulator's, which is not counted as the runner's).
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A workspace with probe set `bench`: `probes` factuality questions with numeric answers. */
export function makeBenchWorkspace(probes) {
  const root = mkdtempSync(join(tmpdir(), 'stoppoint-bench-'));
  mkdirSync(join(root, 'probes/bench'), { recursive: true });
  mkdirSync(join(root, 'runs'), { recursive: true });
  writeFileSync(join(root, 'probes/bench/probe-set.yaml'), 'name: bench\ndescription: generated probes for the runner benchmark\n');
  const lines = [];
  for (let i = 0; i < probes; i++) {
    lines.push(JSON.stringify({ id: `b-${String(i).padStart(5, '0')}`, category: 'factuality', lang: 'en',
      prompt: `Benchmark question ${i}: what is ${i} plus ${i}?`, expect: { behavior: 'answer', answer: String(2 * i), match: 'numeric' } }));
  }
  writeFileSync(join(root, 'probes/bench/probes.jsonl'), lines.join('\n') + '\n');
  return root;
}

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** utime + stime of a process from /proc (Linux only; NaN elsewhere). */
export function processCpuMs(pid) {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) * TICK_MS;
  } catch {
    return NaN;
  }
}
