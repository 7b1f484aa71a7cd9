import type { MetricName } from '../../metrics/registry.js';
import type { CandidateSummary } from '../../metrics/types.js';
import type { Configuration } from '../types.js';
import { fmtParams, fmtRange, fmtValue } from './format.js';
import { bestIndices, paretoFront } from './ranking.js';

export interface MetricCellView {
  value: string;
  /** Interval (single replicate) or seed range (several), labelled. */
  detail: string;
  best: boolean;
}

export interface SeedRowView {
  name: string;
  seed: string;
  cells: MetricCellView[];
  freeze: boolean;
}

export interface ConfigRowView {
  key: string;
  /** `lr=1e-4, lora_rank=8` (spaces let it wrap), or the key for configurations without params. */
  label: string;
  params: string[];
  baseline: boolean;
  pareto: boolean;
  seedCount: number;
  cells: MetricCellView[];
  /** Replicates listed under the configuration; empty when it has a single candidate shown in-line. */
  seeds: SeedRowView[];
  /** The candidate name when the configuration has exactly one. */
  single: string | null;
  freeze: boolean;
}

export interface MetricHeaderView {
  full: string;
  /** `refusal` of `refusal.harmful_refusal_rate`: the category line of a two-line header. */
  group: string;
  name: string;
}

export interface ConfigTableView {
  paramNames: string[];
  metrics: MetricName[];
  metricHeaders: MetricHeaderView[];
  rows: ConfigRowView[];
  hasPareto: boolean;
}

/** How a configuration is named in charts: its candidate when it has one, else its parameters. */
export function configLabel(cfg: Configuration): string {
  if (cfg.members.length === 1) return cfg.members[0]!;
  return Object.keys(cfg.params).length ? fmtParams(cfg.params) : cfg.key;
}

export function configTableView(
  configs: Configuration[],
  candidates: CandidateSummary[],
  metrics: MetricName[],
  freezeCandidate: string | null,
): ConfigTableView {
  const paramNames = [...new Set(configs.flatMap((c) => Object.keys(c.params)))].sort();
  const best = new Map(metrics.map((m) => [m, bestIndices(m, configs.map((c) => c.metrics[m]?.mean ?? null))]));
  const pareto = configs.length > 1 ? paretoFront(configs, metrics) : new Set<number>();
  const byName = new Map(candidates.map((c) => [c.name, c]));
  const rows = configs.map((cfg, i): ConfigRowView => {
    const members = cfg.members.map((n) => byName.get(n)).filter((c): c is CandidateSummary => c !== undefined);
    const cells = metrics.map((m): MetricCellView => {
      const agg = cfg.metrics[m];
      if (!agg) return { value: 'n/a', detail: '', best: false };
      const detail = agg.seeds > 1
        ? `seeds ${fmtRange(m, agg.min, agg.max)}`
        : agg.ci ? `CI ${fmtRange(m, agg.ci[0], agg.ci[1])}` : '';
      return { value: fmtValue(m, agg.mean), detail, best: best.get(m)!.has(i) };
    });
    const seeds = members.length > 1
      ? members.map((c) => ({
          name: c.name,
          seed: c.seed === null ? '—' : String(c.seed),
          freeze: c.name === freezeCandidate,
          cells: metrics.map((m) => {
            const e = c.metrics[m];
            return {
              value: fmtValue(m, e?.value ?? null),
              detail: e?.ci ? `CI ${fmtRange(m, e.ci[0], e.ci[1])}` : '',
              best: false,
            };
          }),
        }))
      : [];
    return {
      key: cfg.key,
      label: Object.keys(cfg.params).length ? fmtParams(cfg.params) : cfg.key,
      params: paramNames.map((p) => (p in cfg.params ? String(cfg.params[p]) : '—')),
      baseline: cfg.baseline,
      pareto: pareto.has(i),
      seedCount: members.length,
      cells,
      seeds,
      single: members.length === 1 ? members[0]!.name : null,
      freeze: members.some((c) => c.name === freezeCandidate),
    };
  });
  const metricHeaders = metrics.map((m) => {
    const [group = m, name = ''] = m.split('.');
    return { full: m, group, name: name.replace(/_/g, ' ') };
  });
  return { paramNames, metrics, metricHeaders, rows, hasPareto: pareto.size > 0 };
}
