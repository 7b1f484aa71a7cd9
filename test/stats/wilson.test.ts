import { describe, expect, it } from 'vitest';
import { wilson } from '../../src/stats/index.js';

// Published values: Newcombe (1998) "Two-sided confidence intervals for the single proportion",
// Table I, method 3 (Wilson score, no continuity correction).
describe('wilson', () => {
  it('matches Newcombe 1998 Table I', () => {
    const cases: [number, number, number, number][] = [
      [81, 263, 0.2553, 0.3662],
      [15, 148, 0.0624, 0.1605],
      [0, 20, 0, 0.1611],
      [1, 29, 0.0061, 0.1718],
    ];
    for (const [x, n, lo, hi] of cases) {
      const [l, h] = wilson(x, n);
      expect(l).toBeCloseTo(lo, 4);
      expect(h).toBeCloseTo(hi, 4);
    }
  });

  it('gives the textbook 0/10, 5/10, 10/10 bounds', () => {
    expect(wilson(0, 10)[0]).toBe(0);
    expect(wilson(0, 10)[1]).toBeCloseTo(0.27753, 5);
    expect(wilson(5, 10)[0]).toBeCloseTo(0.23659, 5);
    expect(wilson(5, 10)[1]).toBeCloseTo(0.76341, 5);
    expect(wilson(10, 10)[0]).toBeCloseTo(0.72247, 5);
    expect(wilson(10, 10)[1]).toBe(1);
  });

  it('knows nothing with no trials and rejects impossible counts', () => {
    expect(wilson(0, 0)).toEqual([0, 1]);
    expect(() => wilson(3, 2)).toThrow(RangeError);
    expect(() => wilson(-1, 2)).toThrow(RangeError);
  });

  it('is symmetric: x/n and (n-x)/n mirror', () => {
    const [l, h] = wilson(3, 17);
    const [l2, h2] = wilson(14, 17);
    expect(l).toBeCloseTo(1 - h2, 12);
    expect(h).toBeCloseTo(1 - l2, 12);
  });
});
