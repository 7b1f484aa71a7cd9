import { mulberry32, randomInt } from './random.js';

export interface BootstrapResult {
  mean: number;
  ci: [number, number];
  /** Two-sided: twice the share of resampled means on the other side of 0, floored at 1/iterations. */
  p_value: number;
  iterations: number;
}

export const DEFAULT_BOOTSTRAP_SEED = 20240517;
export const DEFAULT_BOOTSTRAP_ITERATIONS = 4000;

/**
 * Paired bootstrap of a mean difference: resample the paired differences (one per unit) with
 * replacement, percentile 95% interval of the resampled means. A fixed seed makes the interval and
 * p-value reproducible run to run (the same store gives the same numbers).
 */
export function pairedBootstrap(
  differences: readonly number[],
  opts: { seed?: number; iterations?: number } = {},
): BootstrapResult {
  const n = differences.length;
  if (n === 0) throw new RangeError('pairedBootstrap: no differences');
  const iterations = opts.iterations ?? DEFAULT_BOOTSTRAP_ITERATIONS;
  if (!Number.isInteger(iterations) || iterations < 1) throw new RangeError(`pairedBootstrap: bad iterations ${iterations}`);
  const random = mulberry32(opts.seed ?? DEFAULT_BOOTSTRAP_SEED);
  const mean = differences.reduce((s, d) => s + d, 0) / n;
  const means = new Float64Array(iterations);
  for (let r = 0; r < iterations; r++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += differences[randomInt(random, n)]!;
    means[r] = s / n;
  }
  means.sort();
  const ci: [number, number] = [quantileSorted(means, 0.025), quantileSorted(means, 0.975)];
  let p_value = 1;
  if (mean !== 0) {
    // Resamples at or beyond 0 on the far side count against the observed sign.
    let other = 0;
    for (const m of means) if (mean > 0 ? m <= 0 : m >= 0) other++;
    p_value = Math.min(1, Math.max(1 / iterations, (2 * other) / iterations));
  }
  return { mean, ci, p_value, iterations };
}

/** Linear-interpolated quantile (type 7, R's default) of an ascending array. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) throw new RangeError('quantileSorted: empty');
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}
