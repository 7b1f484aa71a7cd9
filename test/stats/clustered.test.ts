import { describe, expect, it } from 'vitest';
import { clusteredMean, plainStandardError } from '../../src/stats/index.js';

describe('clusteredMean', () => {
  it('equals the plain SE when every cluster has one sample', () => {
    const xs = [1, 0, 1, 1, 0, 1, 0, 1, 1, 1];
    const r = clusteredMean(xs, xs.map((_, i) => `p${i}`));
    expect(r.mean).toBeCloseTo(0.7, 12);
    expect(r.se).toBeCloseTo(plainStandardError(xs)!, 12);
    // s² = 0.7·0.3·10/9 = 0.2333…, SE = sqrt(0.2333/10) = 0.152753
    expect(r.se).toBeCloseTo(0.152753, 6);
    expect(r.clusters).toBe(10);
    expect(r.n).toBe(10);
  });

  it('matches a hand computation with clusters', () => {
    // clusters A = [1,1,1], B = [0,0,0], C = [1,0,1]; mean = 5/9
    // residual sums: A = 3·(4/9) = 4/3, B = 3·(−5/9) = −5/3, C = 2·(4/9) − 5/9 = 1/3
    // SE² = 3/2 · (16/9 + 25/9 + 1/9) / 81 = 3/2 · (42/9) / 81 = 0.0864198
    const xs = [1, 1, 1, 0, 0, 0, 1, 0, 1];
    const keys = ['A', 'A', 'A', 'B', 'B', 'B', 'C', 'C', 'C'];
    const r = clusteredMean(xs, keys);
    expect(r.mean).toBeCloseTo(5 / 9, 12);
    expect(r.se).toBeCloseTo(Math.sqrt(1.5 * (42 / 9) / 81), 12);
    expect(r.se!).toBeGreaterThan(plainStandardError(xs)!); // correlated repeats widen the interval
    expect(r.clusters).toBe(3);
    expect(r.ci![0]).toBeCloseTo(5 / 9 - 1.959964 * r.se!, 12);
  });

  it('cannot estimate a SE from one cluster', () => {
    const r = clusteredMean([1, 0, 1], ['A', 'A', 'A']);
    expect(r.se).toBeNull();
    expect(r.ci).toBeNull();
    expect(clusteredMean([], []).n).toBe(0);
  });
});

describe('clusteredFromSums and wilsonClustered', () => {
  it('gives the same SE from cluster totals as from samples', async () => {
    const { clusteredFromSums } = await import('../../src/stats/index.js');
    const xs = [1, 1, 1, 0, 0, 0, 1, 0, 1];
    const keys = ['A', 'A', 'A', 'B', 'B', 'B', 'C', 'C', 'C'];
    const fromSamples = clusteredMean(xs, keys);
    const fromSums = clusteredFromSums([{ sum: 3, n: 3 }, { sum: 0, n: 3 }, { sum: 2, n: 3 }]);
    expect(fromSums.se).toBeCloseTo(fromSamples.se!, 12);
    expect(fromSums.mean).toBeCloseTo(5 / 9, 12);
  });

  it('uses the effective n between clusters and n', async () => {
    const { wilsonClustered, wilson } = await import('../../src/stats/index.js');
    // p = 0.5, n = 100, SE = 0.1 → n_eff = 0.25/0.01 = 25 → Wilson(12.5, 25)
    const r = wilsonClustered(50, 100, 0.1, 10);
    expect(r.nEffective).toBeCloseTo(25, 9);
    expect(r.ci[0]).toBeCloseTo(wilson(12.5, 25)[0], 12);
    // all pass: not estimable, one sample per cluster → Wilson(10, 10)
    expect(wilsonClustered(30, 30, 0, 10).ci).toEqual(wilson(10, 10));
    // SE smaller than independence implies: capped at n
    expect(wilsonClustered(50, 100, 0.01, 10).nEffective).toBe(100);
  });
});
