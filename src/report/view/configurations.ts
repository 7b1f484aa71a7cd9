import type { MetricName } from '../../metrics/registry.js';
import type { CandidateSummary } from '../../metrics/types.js';
import type { Configuration } from '../types.js';
import { fmtInterval, fmtValue } from './format.js';
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

export interface ConfigTableView {
  paramNames: string[];
  metrics: MetricName[];
  rows: ConfigRowView[];
  hasPareto: boolean;
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
        ? `seeds ${fmtValue(m, agg.min)}–${fmtValue(m, agg.max)}`
        : agg.ci ? `95% CI ${fmtInterval(m, agg.ci)}` : '';
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
              detail: e?.ci ? `95% CI ${fmtInterval(m, e.ci)}` : '',
              best: false,
            };
          }),
        }))
      : [];
    return {
      key: cfg.key,
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
  return { paramNames, metrics, rows, hasPareto: pareto.size > 0 };
}
