import { describe, expect, it } from 'vitest';
import { comparePaired, newcombePairedDifference, pairedBootstrap, mulberry32, quantileSorted, randomInt } from '../../src/stats/index.js';

describe('newcombePairedDifference', () => {
  it('matches Newcombe 1998 (paired), method 10, example a=36 b=12 c=2 d=0', () => {
    // Published interval for the difference 0.2: 0.0569 to 0.3404.
    const [lo, hi] = newcombePairedDifference({ both: 36, onlyFirst: 2, onlySecond: 12, neither: 0 });
    expect(lo).toBeCloseTo(0.0569, 4);
    expect(hi).toBeCloseTo(0.3404, 4);
  });
});

describe('comparePaired', () => {
  it('uses McNemar on binary units present in both', () => {
    const a: Record<string, number> = {};
    const b: Record<string, number> = {};
    // 6 units improve (a=0,b=1), none get worse, 4 tied at 1; unit only in a is ignored.
    for (let i = 0; i < 6; i++) { a[`u${i}`] = 0; b[`u${i}`] = 1; }
    for (let i = 6; i < 10; i++) { a[`u${i}`] = 1; b[`u${i}`] = 1; }
    a.onlyA = 1;
    const r = comparePaired(a, b, { binary: true });
    expect(r.test).toBe('mcnemar-exact');
    expect(r.n_pairs).toBe(10);
    expect(r.delta).toBeCloseTo(0.6, 12);
    expect(r.p_value).toBeCloseTo(0.03125, 12);
    expect(r.ci![0]).toBeGreaterThan(0);
    expect(r.ci![1]).toBeLessThanOrEqual(1);
  });

  it('falls back to the bootstrap when values are not all 0/1 and is deterministic', () => {
    const a = { p1: 0.5, p2: 1, p3: 0, p4: 0.5, p5: 1 };
    const b = { p1: 1, p2: 1, p3: 0.5, p4: 1, p5: 1 };
    const r1 = comparePaired(a, b, { binary: true, seed: 7, iterations: 2000 });
    const r2 = comparePaired(a, b, { binary: true, seed: 7, iterations: 2000 });
    expect(r1.test).toBe('paired-bootstrap');
    expect(r1).toEqual(r2);
    expect(r1.delta).toBeCloseTo(0.3, 12);
    // differences 0.5,0,0.5,0.5,0 never resample below 0 except the all-zero draws (0.4^5 ≈ 1%)
    expect(r1.ci![0]).toBeGreaterThanOrEqual(0);
    expect(r1.ci![1]).toBeLessThanOrEqual(0.5);
    expect(r1.p_value!).toBeLessThan(0.05);
  });

  it('returns nulls when nothing is paired', () => {
    expect(comparePaired({ x: 1 }, { y: 1 }, { binary: true })).toEqual({
      delta: null, ci: null, p_value: null, test: 'none', n_pairs: 0,
    });
  });
});

describe('pairedBootstrap', () => {
  it('floors p at 1/iterations and gives p = 1 for no difference', () => {
    const r = pairedBootstrap([1, 1, 1, 1], { iterations: 500 });
    expect(r.p_value).toBeCloseTo(1 / 500, 12);
    expect(r.ci).toEqual([1, 1]);
    expect(pairedBootstrap([1, -1, 1, -1]).p_value).toBe(1);
  });

  it('centres on the mean of the differences', () => {
    const random = mulberry32(3);
    const diffs = Array.from({ length: 400 }, () => random() - 0.4);
    const r = pairedBootstrap(diffs, { seed: 1 });
    const mean = diffs.reduce((s, d) => s + d, 0) / diffs.length;
    expect(r.mean).toBeCloseTo(mean, 12);
    // SE ≈ sd/√n = 0.2887/20 ≈ 0.0144 → half-width ≈ 0.028
    expect(r.ci[1] - r.ci[0]).toBeGreaterThan(0.045);
    expect(r.ci[1] - r.ci[0]).toBeLessThan(0.068);
  });
  it('draws exactly what mulberry32 + randomInt give (the inlined generator is the same sequence)', () => {
    // The textbook loop the fast path replaced: resample with mulberry32(seed) and randomInt.
    const reference = (diffs: number[], seed: number, iterations: number): number[] => {
      const random = mulberry32(seed);
      const means: number[] = [];
      for (let r = 0; r < iterations; r++) {
        let s = 0;
        for (let i = 0; i < diffs.length; i++) s += diffs[randomInt(random, diffs.length)]!;
        means.push(s / diffs.length);
      }
      return means.sort((x, y) => x - y);
    };
    const random = mulberry32(11);
    const diffs = Array.from({ length: 137 }, () => Math.round((random() - 0.45) * 5) / 5);
    const want = reference(diffs, 99, 300);
    const got = pairedBootstrap(diffs, { seed: 99, iterations: 300 });
    expect(got.ci[0]).toBe(quantileSorted(want, 0.025));
    expect(got.ci[1]).toBe(quantileSorted(want, 0.975));
    const other = want.filter((m) => m <= 0).length;
    expect(got.p_value).toBe(Math.min(1, Math.max(1 / 300, (2 * other) / 300)));
  });
});

describe('mulberry32', () => {
  it('is deterministic per seed and in [0, 1)', () => {
    const r1 = mulberry32(42);
    const r2 = mulberry32(42);
    const xs = Array.from({ length: 1000 }, () => r1());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => r2()));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(mulberry32(43)()).not.toBe(mulberry32(42)());
  });
});

describe('comparePaired on large samples: paired t', () => {
  it('from LARGE_PAIRED_SAMPLE pairs differs from the bootstrap less than two bootstrap seeds differ', async () => {
    const { pairedT, LARGE_PAIRED_SAMPLE } = await import('../../src/stats/paired.js');
    const random = mulberry32(7);
    // Skewed, as between checkpoints: 80% of units unchanged, some gain a little, a few lose a lot.
    const draw = (): number => {
      const u = random();
      if (u < 0.8) return 0;
      if (u < 0.9) return Math.round(random() * 5) / 5;
      return u < 0.97 ? -Math.round(random() * 3) / 5 : -1;
    };
    for (let trial = 0; trial < 5; trial++) {
      const diffs = Array.from({ length: LARGE_PAIRED_SAMPLE }, draw);
      const t = pairedT(diffs);
      const se = (t.ci![1] - t.ci![0]) / 2 / 1.9647; // t(0.975, 499)
      const boot = pairedBootstrap(diffs, { seed: 1 });
      expect(Math.abs(boot.ci[0] - t.ci![0]) / se).toBeLessThan(0.2);
      expect(Math.abs(boot.ci[1] - t.ci![1]) / se).toBeLessThan(0.2);
      expect(Math.abs(boot.mean - t.delta!)).toBeLessThan(1e-12);
    }
  });

  it('matches a hand computation and the bootstrap it replaces', async () => {
    const { pairedT, LARGE_PAIRED_SAMPLE } = await import('../../src/stats/paired.js');
    // 1,200 differences of 1 and 800 of 0 (more than LARGE_PAIRED_SAMPLE): mean 0.6, sd² = 0.24·2000/1999, se = √(0.24/1999) = 0.0109572,
    // t(0.975, 1999) = 1.961151, half-width 0.0214886.
    const diffs = [...Array(1200).fill(1), ...Array(800).fill(0)] as number[];
    const r = pairedT(diffs);
    expect(r.test).toBe('paired-t');
    expect(r.delta).toBeCloseTo(0.6, 12);
    expect(r.ci![0]).toBeCloseTo(0.6 - 0.0214886, 5);
    expect(r.ci![1]).toBeCloseTo(0.6 + 0.0214886, 5);
    expect(r.p_value).toBeLessThan(1e-12);
    const boot = pairedBootstrap(diffs, { seed: 3, iterations: 4000 });
    expect(Math.abs(boot.ci[0] - r.ci![0])).toBeLessThan(0.002);
    expect(Math.abs(boot.ci[1] - r.ci![1])).toBeLessThan(0.002);

    // comparePaired switches to it from LARGE_PAIRED_SAMPLE pairs of non-binary units.
    const a: Record<string, number> = {};
    const b: Record<string, number> = {};
    for (let i = 0; i < LARGE_PAIRED_SAMPLE; i++) { a[`u${i}`] = 0.5; b[`u${i}`] = i % 2 ? 1 : 0.5; }
    const big = comparePaired(a, b, { binary: true });
    expect(big.test).toBe('paired-t');
    expect(big.delta).toBeCloseTo(0.25, 12);
    const fewer = { ...b }; // unit records are compared by identity (memo), so a changed set is a new object
    delete fewer.u0;
    expect(comparePaired(a, fewer, { binary: true }).test).toBe('paired-bootstrap');
  });
});
