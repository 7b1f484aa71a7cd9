import { METRICS, type MetricName } from '../../metrics/registry.js';
import type { Configuration } from '../types.js';

/** Metrics a configuration can be better or worse on (judgment and risk; style is descriptive here). */
export function decisionMetrics(metrics: MetricName[]): MetricName[] {
  return metrics.filter((m) => METRICS[m].kind !== 'style' && METRICS[m].direction !== 'none');
}

/** Value oriented so that larger is better. */
export function oriented(metric: MetricName, v: number): number {
  return METRICS[metric].direction === 'lower' ? -v : v;
}

/** Competition ranks (1 = best; ties share a rank); null where there is no value. */
export function ranks(metric: MetricName, values: (number | null)[]): (number | null)[] {
  return values.map((v) => {
    if (v === null) return null;
    const o = oriented(metric, v);
    return 1 + values.filter((w) => w !== null && oriented(metric, w) > o).length;
  });
}

/** Indices of the configurations in the best value of a column (all of them on a tie). */
export function bestIndices(metric: MetricName, values: (number | null)[]): Set<number> {
  if (METRICS[metric].direction === 'none') return new Set();
  const r = ranks(metric, values);
  return new Set(r.flatMap((x, i) => (x === 1 ? [i] : [])));
}

/**
 * Configurations no other configuration beats on every decision metric at once (the Pareto front),
 * over the metrics every configuration has. Point estimates: the signals judge significance.
 */
export function paretoFront(configs: Configuration[], metrics: MetricName[]): Set<number> {
  const shared = decisionMetrics(metrics).filter((m) => configs.every((c) => c.metrics[m] !== undefined));
  const front = new Set<number>();
  if (shared.length === 0) return front;
  const vec = configs.map((c) => shared.map((m) => oriented(m, c.metrics[m]!.mean)));
  vec.forEach((a, i) => {
    const dominated = vec.some((b, j) => j !== i && b.every((x, k) => x >= a[k]!) && b.some((x, k) => x > a[k]!));
    if (!dominated) front.add(i);
  });
  return front;
}
