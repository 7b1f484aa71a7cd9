import { wilson, Z95 } from './wilson.js';

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

/**
 * The same clustered SE from per-cluster totals (sum of values, count): what a store aggregate gives
 * without materialising every sample. Σ_{i∈c}(x_i − x̄) = S_c − n_c·x̄.
 */
export function clusteredFromSums(clusters: readonly { sum: number; n: number }[], z: number = Z95): ClusteredMean {
  let n = 0;
  let total = 0;
  let used = 0;
  for (const c of clusters) {
    if (c.n <= 0) continue;
    n += c.n;
    total += c.sum;
    used++;
  }
  if (n === 0) return { mean: NaN, se: null, ci: null, clusters: 0, n: 0 };
  const mean = total / n;
  if (used < 2) return { mean, se: null, ci: null, clusters: used, n };
  let ss = 0;
  for (const c of clusters) if (c.n > 0) ss += (c.sum - c.n * mean) ** 2;
  const se = Math.sqrt((used / (used - 1)) * ss) / n;
  return { mean, se, ci: [mean - z * se, mean + z * se], clusters: used, n };
}

/**
 * A rate's interval when samples are clustered: the Wilson interval at the effective sample size
 * n_eff = p(1−p)/SE² (the design-effect approach of Korn & Graubard 1998), kept within
 * [clusters, n]: never more informative than n independent samples, never less than one sample per
 * cluster. At p = 0 or 1, or with SE = 0, the design effect is not estimable and n_eff = clusters
 * (the conservative choice: it does not claim certainty from a run of identical repeats).
 */
export function wilsonClustered(
  successes: number,
  n: number,
  se: number | null,
  clusters: number,
  z: number = Z95,
): { ci: [number, number]; nEffective: number } {
  if (n === 0) return { ci: [0, 1], nEffective: 0 };
  const p = successes / n;
  let nEff = clusters;
  if (se !== null && se > 0 && p > 0 && p < 1) nEff = Math.min(n, Math.max(clusters, (p * (1 - p)) / (se * se)));
  nEff = Math.max(1, nEff);
  return { ci: wilson(p * nEff, nEff, z), nEffective: nEff };
}
