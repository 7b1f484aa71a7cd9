import { InputError } from '../errors.js';
import { comparePaired } from '../stats/index.js';
import { METRICS, type MetricName } from './registry.js';
import type { ExperimentMetrics, PairedComparison } from './types.js';

/**
 * Paired comparison of candidate b against a on one metric, over the units both have (delta = b − a):
 * McNemar exact for pass/fail units, a seeded paired bootstrap for scores.
 */
export function compareCandidates(
  metrics: ExperimentMetrics,
  a: string,
  b: string,
  metric: MetricName,
  opts: { seed?: number; iterations?: number } = {},
): PairedComparison {
  for (const name of [a, b]) {
    if (!metrics.candidates.some((c) => c.name === name)) {
      throw new InputError(`no candidate "${name}" in experiment ${metrics.experiment}; candidates: ${metrics.candidates.map((c) => c.name).join(', ')}`);
    }
  }
  const units = metrics.units[metric];
  const r = comparePaired(units?.[a] ?? {}, units?.[b] ?? {}, { binary: METRICS[metric].scale === 'rate', ...opts });
  return { metric, a, b, ...r };
}
