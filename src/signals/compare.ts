import { METRICS, type MetricName } from '../metrics/registry.js';
import type { Interval } from '../metrics/types.js';
import { comparePaired } from '../stats/paired.js';
import type { SignalInput } from './input.js';

/** How a metric moved between two candidates, judged by the paired test, never by the point estimate. */
export type Movement = 'gain' | 'loss' | 'noise' | 'unmeasured';

export interface Change {
  metric: MetricName;
  a: string;
  b: string;
  /** mean(b) − mean(a) over the units both have, in the metric's own units. */
  delta: number | null;
  ci: Interval | null;
  p_value: number | null;
  n_pairs: number;
  test: 'mcnemar-exact' | 'paired-bootstrap' | 'paired-t' | 'none';
  /** The change oriented so that positive is better (or in the intended direction). */
  gain: number | null;
  gain_ci: Interval | null;
  movement: Movement;
  /** False when no test was run because the point estimate already rules out what was asked. */
  tested: boolean;
}

export type Orientation = 'higher' | 'lower';

/** The better direction of a metric; `none` (length) is read as "higher" and callers leave it out of decisions. */
export function betterDirection(metric: MetricName): Orientation {
  return METRICS[metric].direction === 'lower' ? 'lower' : 'higher';
}

/**
 * Paired comparison of unit scores a → b. Significant means p < alpha and the 95% interval excludes 0
 * on the same side: a difference inside the noise is neither a gain nor a loss.
 */
export function compareUnits(
  input: SignalInput,
  metric: MetricName,
  names: { a: string; b: string },
  a: Record<string, number> | undefined,
  b: Record<string, number> | undefined,
  orientation: Orientation = betterDirection(metric),
): Change {
  const base = { metric, a: names.a, b: names.b };
  if (!a || !b) return { ...base, delta: null, ci: null, p_value: null, n_pairs: 0, test: 'none', gain: null, gain_ci: null, movement: 'unmeasured', tested: false };
  const r = comparePaired(a, b, {
    binary: METRICS[metric].scale === 'rate',
    seed: input.options.seed,
    ...(input.options.iterations !== undefined ? { iterations: input.options.iterations } : {}),
  });
  if (r.delta === null || r.ci === null) {
    return { ...base, delta: null, ci: null, p_value: null, n_pairs: r.n_pairs, test: r.test, gain: null, gain_ci: null, movement: 'unmeasured', tested: true };
  }
  const sign = orientation === 'higher' ? 1 : -1;
  const gain = sign * r.delta;
  const gainCi: Interval = sign === 1 ? r.ci : [-r.ci[1], -r.ci[0]];
  const significant = r.p_value !== null && r.p_value < input.options.alpha;
  const movement: Movement = significant && gainCi[0] > 0 ? 'gain' : significant && gainCi[1] < 0 ? 'loss' : 'noise';
  return { ...base, delta: r.delta, ci: r.ci, p_value: r.p_value, n_pairs: r.n_pairs, test: r.test, gain, gain_ci: gainCi, movement, tested: true };
}

/**
 * The point estimate alone (mean paired difference over the common units), as a Change marked
 * untested. Used to skip tests whose outcome the sign already decides: a paired interval cannot lie
 * wholly above 0 when the mean difference is ≤ 0, so a "gain" needs a positive point gain.
 */
export function pointChange(
  metric: MetricName,
  names: { a: string; b: string },
  a: Record<string, number> | undefined,
  b: Record<string, number> | undefined,
  orientation: Orientation = betterDirection(metric),
): Change {
  const base = { ...names, metric, ci: null, p_value: null, test: 'none' as const, gain_ci: null, tested: false };
  if (!a || !b) return { ...base, delta: null, n_pairs: 0, gain: null, movement: 'unmeasured' };
  let sum = 0;
  let n = 0;
  for (const [unit, x] of Object.entries(a)) {
    const y = b[unit];
    if (y === undefined || !Number.isFinite(x) || !Number.isFinite(y)) continue;
    sum += y - x;
    n += 1;
  }
  if (n === 0) return { ...base, delta: null, n_pairs: 0, gain: null, movement: 'unmeasured' };
  const delta = sum / n;
  return { ...base, delta, n_pairs: n, gain: orientation === 'higher' ? delta : -delta, movement: 'noise' };
}

/**
 * The paired comparison when it can come out as `want` (a gain, a loss, or either when the point
 * difference is not 0), else the untested point estimate. Exact: it never hides a significant result
 * of the kind asked for.
 */
export function compareFor(
  input: SignalInput,
  want: 'gain' | 'loss' | 'either',
  metric: MetricName,
  a: string,
  b: string,
  orientation: Orientation = betterDirection(metric),
): Change {
  const units = input.metrics.units[metric];
  const point = pointChange(metric, { a, b }, units?.[a], units?.[b], orientation);
  if (point.gain === null) return point;
  const possible = want === 'gain' ? point.gain > 0 : want === 'loss' ? point.gain < 0 : point.gain !== 0;
  return possible ? compareCandidates(input, metric, a, b, orientation) : point;
}

// Several signals and the contract compare the same pairs; the cache only saves time, results are identical.
const cache = new WeakMap<SignalInput, Map<string, Change>>();

/** Paired comparison of two candidates on one metric (b against a), memoised per input. */
export function compareCandidates(
  input: SignalInput,
  metric: MetricName,
  a: string,
  b: string,
  orientation: Orientation = betterDirection(metric),
): Change {
  let memo = cache.get(input);
  if (!memo) {
    memo = new Map();
    cache.set(input, memo);
  }
  const key = `${metric}\u0000${a}\u0000${b}\u0000${orientation}`;
  const hit = memo.get(key);
  if (hit) return hit;
  const units = input.metrics.units[metric];
  const change = compareUnits(input, metric, { a, b }, units?.[a], units?.[b], orientation);
  memo.set(key, change);
  return change;
}

/** Unit scores averaged over several candidates (the replicates of one configuration). */
export function meanUnits(
  input: SignalInput,
  metric: MetricName,
  candidates: readonly string[],
): Record<string, number> | undefined {
  const byCandidate = input.metrics.units[metric];
  if (!byCandidate) return undefined;
  const sums = new Map<string, { sum: number; n: number }>();
  for (const name of candidates) {
    for (const [unit, v] of Object.entries(byCandidate[name] ?? {})) {
      const s = sums.get(unit) ?? { sum: 0, n: 0 };
      s.sum += v;
      s.n += 1;
      sums.set(unit, s);
    }
  }
  if (sums.size === 0) return undefined;
  const out: Record<string, number> = {};
  // Only units every replicate answered: a unit missing from one seed would tilt the mean.
  for (const [unit, s] of sums) if (s.n === candidates.length) out[unit] = s.sum / s.n;
  return out;
}

/** Rounds for evidence: 4 decimals keep every number checkable without float noise. */
export function r4(x: number | null | undefined): number | null {
  return x === null || x === undefined || !Number.isFinite(x) ? null : Math.round(x * 1e4) / 1e4;
}

/** A change as evidence: candidates, delta, interval, p. */
export function changeEvidence(c: Change): Record<string, unknown> {
  return {
    metric: c.metric,
    from: c.a,
    to: c.b,
    delta: r4(c.delta),
    ci: c.ci ? [r4(c.ci[0]), r4(c.ci[1])] : null,
    p_value: c.p_value === null ? null : Number(c.p_value.toPrecision(3)),
    n_pairs: c.n_pairs,
    movement: c.movement,
    ...(c.tested ? {} : { tested: false }),
  };
}
