import { METRIC_NAMES, type MetricName } from '../metrics/registry.js';
import type { CandidateSummary } from '../metrics/types.js';
import type { Configuration, ConfigurationMetric } from './types.js';

/**
 * Groups candidates into configurations by their configKey (params without seed), keeping plan
 * order: a configuration appears where its first replicate was tried.
 */
export function groupConfigurations(candidates: CandidateSummary[]): Configuration[] {
  const byKey = new Map<string, CandidateSummary[]>();
  for (const c of [...candidates].sort((a, b) => a.ordinal - b.ordinal)) {
    const list = byKey.get(c.configKey);
    if (list) list.push(c);
    else byKey.set(c.configKey, [c]);
  }
  return [...byKey.entries()].map(([key, members]) => ({
    key,
    params: withoutSeed(members[0]!.params),
    baseline: members.some((m) => m.baseline),
    members: members.map((m) => m.name),
    metrics: aggregate(members),
  }));
}

function withoutSeed(params: CandidateSummary['params']): CandidateSummary['params'] {
  const out: CandidateSummary['params'] = {};
  for (const [k, v] of Object.entries(params)) if (k !== 'seed') out[k] = v;
  return out;
}

function aggregate(members: CandidateSummary[]): Partial<Record<MetricName, ConfigurationMetric>> {
  const out: Partial<Record<MetricName, ConfigurationMetric>> = {};
  for (const metric of METRIC_NAMES) {
    const estimates = members.map((m) => m.metrics[metric]).filter((e) => e !== undefined && e.value !== null);
    if (estimates.length === 0) continue;
    const values = estimates.map((e) => e!.value!);
    out[metric] = {
      mean: values.reduce((a, b) => a + b, 0) / values.length,
      min: Math.min(...values),
      max: Math.max(...values),
      seeds: values.length,
      ci: estimates.length === 1 ? estimates[0]!.ci : null,
    };
  }
  return out;
}

/** Metrics that at least one candidate has a value for, in registry order: the table's columns. */
export function metricsPresent(candidates: CandidateSummary[]): MetricName[] {
  return METRIC_NAMES.filter((m) => candidates.some((c) => (c.metrics[m]?.value ?? null) !== null));
}
