import { Z95 } from './wilson.js';

export interface ClusteredMean {
  mean: number;
  /** Cluster-robust standard error; null with fewer than two clusters (not estimable). */
  se: number | null;
  /** mean ± z·se (not clamped: callers with a bounded scale clamp or use an effective-n Wilson). */
  ci: [number, number] | null;
  clusters: number;
  n: number;
}

/**
 * Mean with a clustered standard error (Miller 2024, "Adding Error Bars to Evals", eq. 4):
 *
 *   SE² = C/(C-1) · Σ_c ( Σ_{i∈c} (x_i − x̄) )² / n²
 *
 * Samples in one cluster (repeats of a probe, paraphrases of one question) are not independent;
 * summing residuals inside each cluster before squaring counts their covariance. C/(C-1) is the
 * usual small-sample (CR1) factor for a mean; with it, one sample per cluster gives exactly the
 * plain SE s/√n with the n−1 variance.
 */
export function clusteredMean(values: readonly number[], clusterOf: readonly string[], z: number = Z95): ClusteredMean {
  if (values.length !== clusterOf.length) {
    throw new RangeError(`clusteredMean: ${values.length} values but ${clusterOf.length} cluster keys`);
  }
  const n = values.length;
  if (n === 0) return { mean: NaN, se: null, ci: null, clusters: 0, n: 0 };
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / n;
  const residualSums = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const key = clusterOf[i]!;
    residualSums.set(key, (residualSums.get(key) ?? 0) + (values[i]! - mean));
  }
  const clusters = residualSums.size;
  if (clusters < 2) return { mean, se: null, ci: null, clusters, n };
  let ss = 0;
  for (const r of residualSums.values()) ss += r * r;
  const se = Math.sqrt((clusters / (clusters - 1)) * ss) / n;
  return { mean, se, ci: [mean - z * se, mean + z * se], clusters, n };
}

/** Plain standard error of a mean (n−1 variance), for comparison and tests. */
export function plainStandardError(values: readonly number[]): number | null {
  const n = values.length;
  if (n < 2) return null;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const ss = values.reduce((s, v) => s + (v - mean) ** 2, 0);
  return Math.sqrt(ss / (n - 1) / n);
}
