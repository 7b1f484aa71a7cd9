import { describe, expect, it } from 'vitest';
import { cohensKappa, minDetectableDifference, normalQuantile, pairedMoments, sdOfDifferences } from '../../src/stats/index.js';

describe('normalQuantile', () => {
  it('matches the normal table', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 6);
    expect(normalQuantile(0.8)).toBeCloseTo(0.841621, 6);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 9);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.326348, 6);
  });
});

describe('minDetectableDifference', () => {
  it('matches the hand computation (1.959964 + 0.841621) · SD / √n', () => {
    // n = 100, SD_d = 0.5: 2.801585 · 0.05 = 0.14008
    expect(minDetectableDifference(100, 0.5)).toBeCloseTo(0.140079, 5);
    // a correlated pair: σA = σB = 0.5, ρ = 0.6 → SD_d = sqrt(0.25+0.25−0.3) = 0.4472; n = 400 → 0.06265
    expect(minDetectableDifference(400, sdOfDifferences(0.5, 0.5, 0.6))).toBeCloseTo(0.062645, 5);
    expect(minDetectableDifference(0, 0.5)).toBeNull();
  });

  it('pairedMoments gives SDs, correlation and SD of differences', () => {
    const m = pairedMoments([1, 2, 3, 4], [2, 4, 6, 8]);
    expect(m.rho).toBeCloseTo(1, 12);
    expect(m.sdA).toBeCloseTo(Math.sqrt(5 / 3), 12);
    expect(m.sdDiff).toBeCloseTo(Math.sqrt(5 / 3), 12); // b − a = a
    expect(pairedMoments([1, 1], [0, 1]).rho).toBeNull();
  });
});

describe('cohensKappa', () => {
  const rep = (label: string, k: number) => Array<string>(k).fill(label);
  it('matches the textbook 2x2 example (po = 0.7, pe = 0.5, κ = 0.4)', () => {
    // 50 proposals: both yes 20, A yes B no 5, A no B yes 10, both no 15.
    const a = [...rep('yes', 25), ...rep('no', 25)];
    const b = [...rep('yes', 20), ...rep('no', 5), ...rep('yes', 10), ...rep('no', 15)];
    const r = cohensKappa(a, b);
    expect(r.observed).toBeCloseTo(0.7, 12);
    expect(r.expected).toBeCloseTo(0.5, 12);
    expect(r.kappa).toBeCloseTo(0.4, 12);
    expect(r.disagreements).toHaveLength(15);
  });

  it('matches the second textbook example (κ ≈ 0.1304)', () => {
    // both yes 45, A yes B no 15, A no B yes 25, both no 15 (n = 100)
    const a = [...rep('yes', 60), ...rep('no', 40)];
    const b = [...rep('yes', 45), ...rep('no', 15), ...rep('yes', 25), ...rep('no', 15)];
    expect(cohensKappa(a, b).kappa).toBeCloseTo(0.130435, 6);
  });

  it('is null when chance agreement is certain', () => {
    expect(cohensKappa(['x', 'x'], ['x', 'x']).kappa).toBeNull();
  });
});

describe('kappaFromCounts', () => {
  it('agrees with the label-array form', async () => {
    const { kappaFromCounts } = await import('../../src/stats/index.js');
    const r = kappaFromCounts([
      { a: 'yes', b: 'yes', n: 20 }, { a: 'yes', b: 'no', n: 5 }, { a: 'no', b: 'yes', n: 10 }, { a: 'no', b: 'no', n: 15 },
    ]);
    expect(r.kappa).toBeCloseTo(0.4, 12);
    expect(r.disagreements).toBe(15);
    expect(kappaFromCounts([]).kappa).toBeNull();
  });
});
