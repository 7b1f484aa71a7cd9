import { METRICS, type MetricName } from '../../metrics/registry.js';
import type { CandidateSummary } from '../../metrics/types.js';
import type { Verdict } from '../../verdict/schema.js';
import { dualAxisChart } from '../charts/dual-axis.js';
import { rankHeatmap } from '../charts/heatmap.js';
import { lineBandChart } from '../charts/line-bands.js';
import { paramEffectChart } from '../charts/param-effect.js';
import { stripChart } from '../charts/strip.js';
import type { Configuration, TrainingCurve } from '../types.js';
import { fmtValue, formatOf } from './format.js';
import { configLabel } from './configurations.js';
import { decisionMetrics, ranks } from './ranking.js';
import { divergenceStep } from './divergence.js';

/** A chart with a heading; `svg` is built by the chart functions, which escape every label. */
export interface ChartView {
  title: string;
  svg: string;
  note?: string;
}

/** Per-metric small multiples across the candidates in the order they were tried. */
export function iterationCharts(candidates: CandidateSummary[], metrics: MetricName[]): ChartView[] {
  const ordered = [...candidates].sort((a, b) => a.ordinal - b.ordinal);
  return metrics.map((m) => ({
    title: m,
    svg: lineBandChart({
      title: `${m} by iteration`,
      xLabels: ordered.map((c) => c.name),
      series: [{
        name: m,
        points: ordered.map((c) => {
          const e = c.metrics[m];
          if (!e || e.value === null) return null;
          return { y: e.value, lo: e.ci?.[0] ?? null, hi: e.ci?.[1] ?? null };
        }),
      }],
      format: formatOf(m),
      // Room for slanted candidate names: about 18 px per iteration.
      width: Math.max(320, 64 + ordered.length * 18),
    }),
  }));
}

/** Loss vs risk metrics over the steps of each training run that has a log or several checkpoints. */
export function trainingCharts(curves: TrainingCurve[], candidates: CandidateSummary[], verdict: Verdict): ChartView[] {
  const byName = new Map(candidates.map((c) => [c.name, c]));
  const riskMetrics = (Object.keys(METRICS) as MetricName[]).filter((m) => METRICS[m].kind === 'risk');
  return curves
    .filter((c) => c.points.length > 0 || c.checkpoints.length > 1)
    .map((curve) => {
      const checkpoints = curve.checkpoints
        .map((n) => byName.get(n))
        .filter((c): c is CandidateSummary => c !== undefined && c.step !== null);
      const risk = riskMetrics
        .map((m) => ({
          name: m,
          points: checkpoints.flatMap((c) => {
            const e = c.metrics[m];
            return e && e.value !== null
              ? [{ step: c.step!, y: e.value, lo: e.ci?.[0] ?? null, hi: e.ci?.[1] ?? null, label: c.name }]
              : [];
          }),
        }))
        .filter((s) => s.points.length > 0);
      const loss = (['loss', 'eval_loss'] as const)
        .map((k) => ({
          name: k === 'loss' ? 'training loss' : 'validation loss',
          points: curve.points.flatMap((p) => (p[k] === undefined ? [] : [{ step: p.step, y: p[k]! }])),
        }))
        .filter((s) => s.points.length > 0);
      const step = divergenceStep(verdict, curve.run);
      return {
        title: `run ${curve.run}`,
        svg: dualAxisChart({ title: `Training loss vs risk metrics, run ${curve.run}`, loss, risk, riskFormat: 'pct', divergenceStep: step }),
        note: loss.length === 0 ? 'no training log imported for this run' : undefined,
      };
    });
}

/**
 * Seed spread per replicated configuration (two or more seeds), one strip plot per decision metric:
 * the same configurations the irreproducible signal compares.
 */
export function seedSpreadCharts(configs: Configuration[], candidates: CandidateSummary[], metrics: MetricName[]): ChartView[] {
  const replicated = configs.filter((c) => c.members.length > 1);
  if (replicated.length === 0) return [];
  const byName = new Map(candidates.map((c) => [c.name, c]));
  return decisionMetrics(metrics).map((m) => ({
    title: m,
    svg: stripChart({
      title: `${m}: seeds per configuration`,
      format: formatOf(m),
      rows: replicated.map((cfg) => ({
        label: configLabel(cfg),
        seeds: cfg.members.flatMap((n) => {
          const v = byName.get(n)?.metrics[m]?.value ?? null;
          return v === null ? [] : [{ name: n, y: v }];
        }),
      })),
    }),
  }));
}

/** Rank of each configuration per decision metric (1 = best), when there are configurations to rank. */
export function rankChart(configs: Configuration[], metrics: MetricName[]): ChartView | null {
  const cols = decisionMetrics(metrics);
  if (configs.length < 2 || cols.length < 2) return null;
  const perColumn = cols.map((m) => ranks(m, configs.map((c) => c.metrics[m]?.mean ?? null)));
  return {
    title: 'Rank of each configuration per category',
    svg: rankHeatmap({
      title: 'Rank of each configuration per category (1 = best)',
      rows: configs.map(configLabel),
      columns: cols,
      cells: configs.map((c, i) =>
        cols.map((m, j) => {
          const rank = perColumn[j]![i] ?? null;
          return rank === null ? null : { rank, value: fmtValue(m, c.metrics[m]!.mean) };
        }),
      ),
    }),
  };
}

/**
 * Metric by each parameter's value, one line per value of another parameter, for the parameters that
 * took at least two values (configurations without params, such as the baseline, are left out).
 * Each pair of parameters gets one chart (x = the one with more values) when it shows at least two
 * lines of two points — enough for an interaction to be visible; a parameter in no such pair gets a
 * single line over all configurations.
 */
export function paramEffectCharts(configs: Configuration[], metrics: MetricName[]): ChartView[] {
  const swept = configs.filter((c) => Object.keys(c.params).length > 0);
  const values = new Map<string, string[]>();
  for (const c of swept) {
    for (const [k, v] of Object.entries(c.params)) {
      const list = values.get(k) ?? [];
      if (!list.includes(String(v))) list.push(String(v));
      values.set(k, list);
    }
  }
  const varied = [...values.entries()]
    .filter(([, vs]) => vs.length > 1)
    .map(([k, vs]) => ({ name: k, values: sortValues(vs) }))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  // Checkpoints carry `step`: they show in the step charts only, and do not blur the sweep's grid.
  const pool = (chartParams: string[]): Configuration[] =>
    swept.filter((c) => ('step' in c.params) === chartParams.includes('step'));
  const mean = (m: MetricName, chartParams: string[], match: (c: Configuration) => boolean): number | null => {
    const hits = pool(chartParams).filter((c) => match(c) && c.metrics[m]);
    return hits.length ? hits.reduce((a, c) => a + c.metrics[m]!.mean, 0) / hits.length : null;
  };
  const charts: ChartView[] = [];
  for (const m of decisionMetrics(metrics)) {
    const paired = new Set<string>();
    for (let i = 0; i < varied.length; i++) {
      for (let j = i + 1; j < varied.length; j++) {
        const [x, q] = varied[j]!.values.length > varied[i]!.values.length ? [varied[j]!, varied[i]!] : [varied[i]!, varied[j]!];
        const lines = q.values.map((lv) => ({
          name: `${q.name}=${lv}`,
          points: x.values.map((xv) => mean(m, [x.name, q.name], (c) => String(c.params[x.name]) === xv && String(c.params[q.name]) === lv)),
        }));
        if (lines.filter((l) => l.points.filter((p) => p !== null).length >= 2).length < 2) continue;
        paired.add(x.name).add(q.name);
        charts.push({
          title: `${m}: ${x.name} × ${q.name}`,
          svg: paramEffectChart({ metric: m, param: x.name, values: x.values.filter((_, i) => lines.some((l) => l.points[i] !== null)), lines: dropEmptyColumns(lines), format: formatOf(m) }),
        });
      }
    }
    for (const p of varied.filter((v) => !paired.has(v.name))) {
      const points = p.values.map((xv) => mean(m, [p.name], (c) => String(c.params[p.name]) === xv));
      if (points.filter((v) => v !== null).length < 2) continue;
      charts.push({
        title: `${m}: ${p.name}`,
        svg: paramEffectChart({ metric: m, param: p.name, values: p.values, lines: [{ name: 'all configurations', points }], format: formatOf(m) }),
      });
    }
  }
  return charts;
}

/** Leaves out x values no line has a point for (values only checkpoints took, say). */
function dropEmptyColumns<T extends { points: (number | null)[] }>(lines: T[]): T[] {
  const keep = lines[0]?.points.map((_, i) => lines.some((l) => l.points[i] !== null)) ?? [];
  return lines.map((l) => ({ ...l, points: l.points.filter((_, i) => keep[i]) }));
}

/** Numeric parameter values in numeric order (1e-4 before 2e-4), others alphabetically. */
function sortValues(vs: string[]): string[] {
  const numeric = vs.every((v) => v.trim() !== '' && Number.isFinite(Number(v)));
  return [...vs].sort((a, b) => (numeric ? Number(a) - Number(b) : a < b ? -1 : a > b ? 1 : 0));
}
