import { METRIC_NAMES, type MetricName } from '../metrics/registry.js';
import type { CandidateSummary } from '../metrics/types.js';
import { replicateKey } from '../signals/input.js';
import type { Configuration, ConfigurationMetric } from './types.js';

/**
 * Groups replicates into configurations, keeping plan order (a configuration appears where its first
 * replicate was tried). Replicates share params but seed — and their step: checkpoints of one run
 * are iterations, not replicates (the signals' replicateKey), so the step shows as a parameter.
 */
export function groupConfigurations(candidates: CandidateSummary[]): Configuration[] {
  const byKey = new Map<string, CandidateSummary[]>();
  for (const c of [...candidates].sort((a, b) => a.ordinal - b.ordinal)) {
    const key = replicateKey(c);
    const list = byKey.get(key);
    if (list) list.push(c);
    else byKey.set(key, [c]);
  }
  return [...byKey.entries()].map(([key, members]) => ({
    key,
    params: withStep(withoutSeed(members[0]!.params), members[0]!.step),
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

function withStep(params: CandidateSummary['params'], step: number | null): CandidateSummary['params'] {
  return step === null || 'step' in params ? params : { ...params, step };
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
