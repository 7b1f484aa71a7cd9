import { describe, expect, it } from 'vitest';
import { paretoFront, dominates } from '../../src/stats/pareto.js';
import { kendallTauB, ranksDescending } from '../../src/stats/rank.js';
import { fUpperP, logGamma, normalTwoSidedP, regularizedBeta, studentCritical, studentTwoSidedP } from '../../src/stats/tails.js';
import { olsTrend } from '../../src/stats/trend.js';
import { oneWayAnova } from '../../src/stats/variance.js';

describe('tail probabilities', () => {
  it('matches closed forms and table values', () => {
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
    // I_x(1, b) = 1 − (1 − x)^b
    expect(regularizedBeta(0.3, 1, 4)).toBeCloseTo(1 - 0.7 ** 4, 12);
    expect(regularizedBeta(0.5, 3, 3)).toBeCloseTo(0.5, 12);
    // t table: two-sided 5% critical value for 10 df is 2.228139
    expect(studentTwoSidedP(2.228139, 10)).toBeCloseTo(0.05, 6);
    expect(studentCritical(0.05, 10)).toBeCloseTo(2.228139, 5);
    expect(studentCritical(0.05, 1)).toBeCloseTo(12.7062, 3);
    // df = 3 closed form: F(t) = 1/2 + (1/π)[(t/√3)/(1 + t²/3) + atan(t/√3)]
    const t = 2.1213203435596424;
    const cdf = 0.5 + ((t / Math.sqrt(3)) / (1 + (t * t) / 3) + Math.atan(t / Math.sqrt(3))) / Math.PI;
    expect(studentTwoSidedP(t, 3)).toBeCloseTo(2 * (1 - cdf), 10);
    // d1 = 2 closed form: P(F > f) = (1 + 2f/d2)^(−d2/2)
    expect(fUpperP(9.264705882352942, 2, 15)).toBeCloseTo((1 + (2 * 9.264705882352942) / 15) ** -7.5, 10);
    // F table: 5% critical value of F(3, 20) is 3.098
    expect(fUpperP(3.0984, 3, 20)).toBeCloseTo(0.05, 4);
    expect(normalTwoSidedP(1.959964)).toBeCloseTo(0.05, 6);
    expect(normalTwoSidedP(0)).toBeCloseTo(1, 6);
    expect(normalTwoSidedP(-2.575829)).toBeCloseTo(0.01, 6);
  });
});

describe('kendallTauB', () => {
  it('counts concordant and discordant pairs (hand-computed)', () => {
    // pairs: 7 concordant, 3 discordant of 10 → 0.4
    expect(kendallTauB([1, 2, 3, 4, 5], [3, 1, 2, 5, 4])).toEqual({ tau: 0.4, n: 5, concordant: 7, discordant: 3, tiedX: 0, tiedY: 0 });
    expect(kendallTauB([1, 2, 3], [3, 2, 1]).tau).toBe(-1);
  });

  it('corrects for ties (tau-b)', () => {
    // C = 4, D = 0, n0 = 6, one tie in x, one in y → 4 / sqrt(5·5) = 0.8
    const r = kendallTauB([1, 1, 2, 3], [1, 2, 2, 3]);
    expect(r.tau).toBeCloseTo(0.8, 12);
    expect([r.concordant, r.discordant, r.tiedX, r.tiedY]).toEqual([4, 0, 1, 1]);
    expect(kendallTauB([1, 1, 1], [1, 2, 3]).tau).toBeNull();
  });

  it('ranks with average ties', () => {
    expect(ranksDescending([0.5, 0.9, 0.5, 0.1])).toEqual([2.5, 1, 2.5, 4]);
  });
});

describe('paretoFront', () => {
  it('keeps items nobody beats on every metric, with per-metric directions', () => {
    // metric 1 higher is better, metric 2 lower is better
    const items = [
      { id: 'a', values: [0.8, 0.3] },
      { id: 'b', values: [0.7, 0.1] },
      { id: 'c', values: [0.7, 0.3] }, // beaten by a (same 2nd, worse 1st) and by b
      { id: 'd', values: [0.9, 0.5] },
    ];
    expect(paretoFront(items, ['higher', 'lower'])).toEqual(['a', 'b', 'd']);
    expect(dominates([0.8, 0.3], [0.7, 0.3], ['higher', 'lower'])).toBe(true);
    expect(dominates([0.8, 0.3], [0.8, 0.3], ['higher', 'lower'])).toBe(false);
    expect(paretoFront([{ id: 'x', values: [1, 0] }, { id: 'y', values: [0.5, 0.5] }], ['higher', 'lower'])).toEqual(['x']);
  });
});

describe('olsTrend', () => {
  it('fits slope, standard error and p (hand-computed)', () => {
    // x̄ = 3, ȳ = 4, Sxx = 10, Sxy = 6 → slope 0.6, intercept 2.2; SSE = 2.4 → se = √(2.4/3/10)
    const r = olsTrend([1, 2, 3, 4, 5], [2, 4, 5, 4, 5]);
    expect(r.slope).toBeCloseTo(0.6, 12);
    expect(r.intercept).toBeCloseTo(2.2, 12);
    expect(r.se).toBeCloseTo(Math.sqrt(0.08), 12);
    expect(r.t).toBeCloseTo(0.6 / Math.sqrt(0.08), 10);
    expect(r.df).toBe(3);
    expect(r.p).toBeCloseTo(0.12403, 4); // df = 3 closed form, see the tail test above
  });

  it('reports a perfect line as certain and two points without an error estimate', () => {
    expect(olsTrend([0, 1, 2], [3, 2, 1])).toMatchObject({ slope: -1, p: 0 });
    expect(olsTrend([0, 1], [3, 2])).toMatchObject({ slope: -1, se: null, p: null });
    expect(() => olsTrend([1, 1, 1], [1, 2, 3])).toThrow(/all x values are equal/);
  });
});

describe('oneWayAnova', () => {
  it('reproduces the textbook example (Wikipedia, one-way ANOVA: F = 9.26, p = 0.0024)', () => {
    const r = oneWayAnova([
      [6, 8, 4, 5, 3, 4],
      [8, 12, 9, 11, 6, 8],
      [13, 9, 11, 8, 7, 12],
    ]);
    expect(r.ssBetween).toBeCloseTo(84, 10);
    expect(r.ssWithin).toBeCloseTo(68, 10);
    expect([r.dfBetween, r.dfWithin]).toEqual([2, 15]);
    expect(r.msWithin).toBeCloseTo(68 / 15, 10);
    expect(r.F).toBeCloseTo(9.264705882, 8);
    expect(r.p).toBeCloseTo(0.0024, 4);
  });

  it('handles groups of one (no within spread of their own) and no replicates at all', () => {
    const r = oneWayAnova([[0.70, 0.80], [0.72], [0.75, 0.71]]);
    expect(r.dfWithin).toBe(2);
    expect(r.msWithin).toBeCloseTo((0.005 + 0.0008) / 2, 12);
    expect(r.F).toBeGreaterThan(0);
    expect(r.F!).toBeLessThan(1); // seeds spread more than configurations differ
    expect(oneWayAnova([[0.7], [0.8]])).toMatchObject({ msWithin: null, F: null, p: null });
  });
});
