import { normalQuantile } from './normal.js';

/**
 * Smallest paired mean difference a probe set can detect (normal approximation, two-sided test):
 *
 *   MDD = (z_{1−α/2} + z_{power}) · SD_d / √n
 *
 * where SD_d is the standard deviation of the per-unit differences and n the number of pairs.
 * At α = 0.05 and 80% power the multiplier is 1.959964 + 0.841621 = 2.801585.
 * Null when it cannot be estimated (no pairs, or an SD that is not a finite number).
 */
export function minDetectableDifference(
  n: number,
  sdDiff: number,
  opts: { alpha?: number; power?: number } = {},
): number | null {
  const alpha = opts.alpha ?? 0.05;
  const power = opts.power ?? 0.8;
  if (!(n > 0) || !Number.isFinite(sdDiff) || sdDiff < 0) return null;
  return ((normalQuantile(1 - alpha / 2) + normalQuantile(power)) * sdDiff) / Math.sqrt(n);
}

/**
 * SD of paired differences from the two SDs and their correlation:
 * Var(B − A) = σ_A² + σ_B² − 2ρ σ_A σ_B. A positive correlation (the same probes are hard for both
 * candidates) shrinks it, which is why paired designs resolve smaller differences.
 */
export function sdOfDifferences(sdA: number, sdB: number, rho: number): number {
  return Math.sqrt(Math.max(0, sdA * sdA + sdB * sdB - 2 * rho * sdA * sdB));
}

/** Sample SDs (n−1), Pearson correlation and SD of the differences b − a; null where not estimable. */
export function pairedMoments(a: ArrayLike<number>, b: ArrayLike<number>): {
  sdA: number | null; sdB: number | null; rho: number | null; sdDiff: number | null; n: number;
} {
  if (a.length !== b.length) throw new RangeError(`pairedMoments: ${a.length} vs ${b.length} values`);
  const n = a.length;
  if (n < 2) return { sdA: null, sdB: null, rho: null, sdDiff: null, n };
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i]!;
    mb += b[i]!;
  }
  ma /= n;
  mb /= n;
  let saa = 0;
  let sbb = 0;
  let sab = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i]! - ma;
    const db = b[i]! - mb;
    saa += da * da;
    sbb += db * db;
    sab += da * db;
  }
  const rho = saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : null;
  // Var(b − a) from the same sums: (saa + sbb − 2 sab) / (n − 1).
  const sdDiff = Math.sqrt(Math.max(0, saa + sbb - 2 * sab) / (n - 1));
  return { sdA: Math.sqrt(saa / (n - 1)), sdB: Math.sqrt(sbb / (n - 1)), rho, sdDiff, n };
}
