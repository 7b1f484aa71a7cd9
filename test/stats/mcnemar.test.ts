import { describe, expect, it } from 'vitest';
import { mcnemarExact } from '../../src/stats/index.js';

describe('mcnemarExact', () => {
  it('matches exact binomial reference values', () => {
    expect(mcnemarExact(0, 6)).toBeCloseTo(0.03125, 12); // 2 · 1/64
    expect(mcnemarExact(2, 8)).toBeCloseTo(0.109375, 12); // 2 · 56/1024
    expect(mcnemarExact(5, 5)).toBe(1);
    expect(mcnemarExact(8, 2)).toBeCloseTo(0.109375, 12);
    expect(mcnemarExact(0, 0)).toBe(1);
    // R: binom.test(1, 12)$p.value = 0.006347656
    expect(mcnemarExact(1, 11)).toBeCloseTo(0.006347656, 9);
  });

  it('stays finite and small for large unbalanced counts', () => {
    const p = mcnemarExact(100, 300);
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThan(1e-20);
  });
});
