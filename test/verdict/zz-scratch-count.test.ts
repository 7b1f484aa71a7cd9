import { it, vi } from 'vitest';
const stats = { calls: 0, ms: 0, units: 0 };
vi.mock('../../src/stats/paired.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/stats/paired.js')>();
  return { ...real, comparePaired: (a: Record<string, number>, b: Record<string, number>, o: { binary: boolean }) => {
    const t = performance.now(); const r = real.comparePaired(a, b, o); stats.ms += performance.now() - t; stats.calls++; stats.units += r.n_pairs; return r; } };
});
import { openWorkspace } from '../../src/workspace.js';
import { openDb } from '../../src/store/db.js';
import { loadSignalInput, verdictOf } from '../../src/verdict/compute.js';
it('count', async () => {
  const ws = openWorkspace('/tmp/sp-demo');
  const db = openDb(ws.storePath);
  const input = loadSignalInput(db, ws, 'demo', { onWarning: () => undefined });
  const { SIGNALS } = await import('../../src/signals/index.js');
  const { walkProgress } = await import('../../src/verdict/progress.js');
  const { chooseFreeze } = await import('../../src/verdict/freeze.js');
  for (const s of SIGNALS) { const c0 = stats.calls; s({ ...input }); console.log(s.name, stats.calls - c0); }
  { const i2 = { ...input }; const c0 = stats.calls; const p = walkProgress(i2); console.log('progress', stats.calls - c0); const c1 = stats.calls; chooseFreeze(i2, p); console.log('freeze', stats.calls - c1); }
  stats.calls = 0; stats.ms = 0; stats.units = 0;
  const t = performance.now();
  verdictOf(input);
  console.log('verdict', (performance.now() - t).toFixed(0), 'ms; comparePaired calls', stats.calls, 'in', stats.ms.toFixed(0), 'ms; mean units', (stats.units / stats.calls).toFixed(0));
  db.close();
}, 600000);
