import { clusteredFromSums, wilson, wilsonClustered, Z95 } from '../stats/index.js';
import { METRICS, type MetricName } from './registry.js';
import type { MetricEstimate } from './types.js';

/**
 * One probe's (or one paraphrase group's) contribution to a metric: graded samples `n`, the sum of
 * their scores, how many samples were expected, the unit it is paired on and the cluster it belongs
 * to (its paraphrase group, else itself).
 */
export interface UnitTally {
  unit: string;
  cluster: string;
  expected: number;
  n: number;
  sum: number;
}

export interface Estimated {
  estimate: MetricEstimate;
  /** unit → mean score over its graded samples (input of paired comparisons). */
  units: Record<string, number>;
}

/**
 * Reduces unit tallies to an estimate with a 95% interval. Rates: Wilson when every sample is its
 * own cluster (one repeat, no groups), else Wilson at the clustered effective n. Means: mean ± z·SE
 * with the clustered SE. Null value (and interval) when nothing was graded; undefined when the
 * metric has no population at all (the probe set has no such probes).
 */
export function estimate(metric: MetricName, tallies: readonly UnitTally[], withUnits = true): Estimated | undefined {
  if (tallies.length === 0) return undefined;
  const spec = METRICS[metric];
  let n = 0;
  let sum = 0;
  let expected = 0;
  const byCluster = new Map<string, { sum: number; n: number; units: number }>();
  const units: Record<string, number> = {};
  for (const t of tallies) {
    expected += t.expected;
    if (t.n <= 0) continue;
    n += t.n;
    sum += t.sum;
    // Slices need only the estimate: filling a 5,000-key record per slice was a third of its cost.
    if (withUnits) units[t.unit] = t.sum / t.n;
    const c = byCluster.get(t.cluster) ?? { sum: 0, n: 0, units: 0 };
    c.sum += t.sum;
    c.n += t.n;
    c.units++;
    byCluster.set(t.cluster, c);
  }
  const clusters = byCluster.size;
  const coverage = expected === 0 ? 0 : Math.min(1, n / expected);
  const base = { metric, n, clusters, coverage };
  if (n === 0) {
    return { estimate: { ...base, value: null, ci: null, method: spec.scale === 'rate' ? 'wilson' : 'mean-clustered' }, units };
  }
  const value = sum / n;
  if (spec.scale === 'mean') {
    const c = clusteredFromSums([...byCluster.values()], Z95);
    return { estimate: { ...base, value, ci: c.ci, method: 'mean-clustered' }, units };
  }
  const independent = clusters === n;
  const ci = independent ? wilson(sum, n) : wilsonClustered(sum, n, clusteredFromSums([...byCluster.values()]).se, clusters).ci;
  return {
    estimate: { ...base, value, ci, method: independent ? 'wilson' : 'clustered', ...reliability(spec.direction, tallies) },
    units,
  };
}

/**
 * Repeat-aware reliability of a rate, over units with at least two graded samples:
 * pass_all_k = share whose every sample is in the good state (all 1 for higher-is-better, all 0 for
 * lower-is-better); flip_rate = share whose samples disagree. Null with no repeated unit.
 */
function reliability(direction: 'higher' | 'lower' | 'none', tallies: readonly UnitTally[]): { pass_all_k: number | null; flip_rate: number | null } {
  let repeated = 0;
  let allGood = 0;
  let flipped = 0;
  for (const t of tallies) {
    if (t.n < 2) continue;
    repeated++;
    if (t.sum > 0 && t.sum < t.n) flipped++;
    else if ((direction === 'lower' ? t.sum === 0 : t.sum === t.n)) allGood++;
  }
  if (repeated === 0) return { pass_all_k: null, flip_rate: null };
  return { pass_all_k: allGood / repeated, flip_rate: flipped / repeated };
}
