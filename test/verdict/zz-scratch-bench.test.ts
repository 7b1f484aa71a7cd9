import { it } from 'vitest';
import { comparePaired } from '../../src/stats/paired.js';
it('bench', () => {
  const a: Record<string, number> = {}, b: Record<string, number> = {};
  for (let i = 0; i < 324; i++) { a['p' + i] = (i % 3) / 2; b['p' + i] = ((i + 1) % 3) / 2; }
  for (const it of [4000, 2000, 1000]) {
    const t = performance.now();
    for (let k = 0; k < 20; k++) comparePaired(a, b, { binary: true, iterations: it, seed: k });
    console.log(it, ((performance.now() - t) / 20).toFixed(2), 'ms per comparison');
  }
});
