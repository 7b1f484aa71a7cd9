import type { MetricName } from '../metrics/registry.js';
import type { CandidateSummary } from '../metrics/types.js';
import { olsTrend } from '../stats/trend.js';
import { series, type TrainPoint } from '../trainlog/types.js';
import { changeEvidence, compareFor, compareUnits, pointChange, r4, type Change } from './compare.js';
import { decisionMetrics, inPlanOrder, type SignalInput } from './input.js';
import { interval, num, pValue, signed } from './text.js';
import type { Signal } from './types.js';

interface LossTrend {
  series: string;
  points: number;
  slope_per_1k_steps: number | null;
  p_value: number | null;
  start: number | null;
  end: number | null;
  falling: boolean;
}

interface RiskBreak {
  metric: MetricName;
  kind: 'falls' | 'jitters';
  step: number;
  last_good_step: number;
  change: Change;
}

/**
 * Signal 4: along the checkpoints of one training run (candidates sharing `run`, ordered by `step`),
 * the training loss trends down — OLS slope of the logged loss over the checkpoints' span, negative
 * with p < alpha — while a risk metric (harmful-refusal rate, paraphrase consistency) gets
 * significantly worse than at the run's first checkpoint (paired test), or its dispersion grows (the
 * share of probes whose outcome flips between repeats rises significantly, McNemar on the flip
 * indicators). Names the first checkpoint where that holds. Severity stop.
 */
export function lossRiskDivergence(input: SignalInput): Signal {
  const runs = trainingRuns(input);
  const risks = decisionMetrics(input.metrics, ['risk']);
  const perRun: Record<string, unknown>[] = [];
  const hits: { run: string; loss: LossTrend; brk: RiskBreak }[] = [];
  for (const [run, checkpoints] of runs) {
    const points = mergedPoints(input, checkpoints);
    const from = checkpoints[0]!.step!;
    const to = checkpoints.at(-1)!.step!;
    const loss = trendOf(series(points, 'loss'), 'loss', from, to, input.options.alpha);
    const evalNames = [...new Set(points.map((p) => p.name).filter((n) => n.startsWith('eval_')))];
    const evals = evalNames.map((n) => trendOf(series(points, n), n, from, to, input.options.alpha)).filter((t) => t.points > 0);
    const breaks = loss.falling ? risks.map((m) => firstBreak(input, m, checkpoints)).filter((b): b is RiskBreak => b !== null) : [];
    perRun.push({
      run,
      checkpoints: checkpoints.map((c) => ({
        candidate: c.name,
        step: c.step,
        loss: r4(lossNear(series(points, 'loss'), c.step!)),
        ...Object.fromEntries(risks.map((m) => [m, { value: r4(c.metrics[m]?.value), ci: c.metrics[m]?.ci?.map(r4) ?? null, flip_rate: r4(c.metrics[m]?.flip_rate) }])),
      })),
      loss,
      eval_losses: evals,
      risk_breaks: breaks.map((b) => ({ metric: b.metric, kind: b.kind, step: b.step, last_good_step: b.last_good_step, change: changeEvidence(b.change) })),
    });
    for (const brk of breaks) hits.push({ run, loss, brk });
  }
  hits.sort((a, b) => a.brk.step - b.brk.step);
  const first = hits[0];
  const evidence = { runs: perRun, divergence_step: first?.brk.step ?? null, last_good_step: first?.brk.last_good_step ?? null, run: first?.run ?? null };
  if (!first) {
    const why = runs.size === 0 ? 'no training run with two or more checkpoints and a training log' : 'loss and risk metrics do not diverge along any run';
    return { id: 'loss-risk-divergence', fired: false, severity: 'info', summary: `No divergence: ${why}.`, evidence };
  }
  const { loss } = first;
  const what = hits
    .filter((h) => h.run === first.run)
    .map(({ brk }) => {
      const how = brk.kind === 'falls' ? 'fell' : 'flipped between repeats more often';
      return `${brk.metric} ${how} from step ${brk.step} (${brk.change.a} → ${brk.change.b}: ${signed(brk.change.delta)} ${interval(brk.change.ci)}, ${pValue(brk.change.p_value)})`;
    })
    .join('; ');
  return {
    id: 'loss-risk-divergence',
    fired: true,
    severity: 'stop',
    summary: `Run ${first.run}: training loss kept falling (${num(loss.start)} → ${num(loss.end)}, ${pValue(loss.p_value)}) while ${what}; the last checkpoint before it is step ${first.brk.last_good_step}.`,
    evidence,
  };
}

/** Checkpoints (candidates with run and step) by run, ordered by step; runs with a log and ≥ 2 checkpoints. */
function trainingRuns(input: SignalInput): Map<string, CandidateSummary[]> {
  const runs = new Map<string, CandidateSummary[]>();
  for (const c of inPlanOrder(input.metrics)) {
    if (c.run === null || c.step === null) continue;
    runs.set(c.run, [...(runs.get(c.run) ?? []), c]);
  }
  for (const [run, list] of runs) {
    list.sort((a, b) => a.step! - b.step!);
    const logged = list.some((c) => (input.trainLogs[c.name] ?? []).some((p) => p.name === 'loss'));
    if (list.length < 2 || !logged) runs.delete(run);
  }
  return runs;
}

/** Checkpoints of one run usually share one log; merge them, first value per (series, step) wins. */
function mergedPoints(input: SignalInput, checkpoints: readonly CandidateSummary[]): TrainPoint[] {
  const seen = new Map<string, TrainPoint>();
  for (const c of checkpoints) {
    for (const p of input.trainLogs[c.name] ?? []) {
      const key = `${p.name}\u0000${p.step}`;
      if (!seen.has(key)) seen.set(key, p);
    }
  }
  return [...seen.values()];
}

/** OLS trend of a series over the checkpoints' span (all points up to the last checkpoint if the span holds < 3). */
function trendOf(points: readonly TrainPoint[], name: string, from: number, to: number, alpha: number): LossTrend {
  let used = points.filter((p) => p.step >= from && p.step <= to);
  if (used.length < 3) used = points.filter((p) => p.step <= to);
  const empty = { series: name, points: used.length, slope_per_1k_steps: null, p_value: null, start: null, end: null, falling: false };
  if (used.length < 3 || used[0]!.step === used.at(-1)!.step) return empty;
  const fit = olsTrend(used.map((p) => p.step), used.map((p) => p.value));
  const edge = Math.max(1, Math.floor(used.length / 10));
  const mean = (xs: readonly TrainPoint[]): number => xs.reduce((s, p) => s + p.value, 0) / xs.length;
  return {
    series: name,
    points: used.length,
    slope_per_1k_steps: r4(fit.slope * 1000),
    p_value: fit.p === null ? null : Number(fit.p.toPrecision(3)),
    start: r4(mean(used.slice(0, edge))),
    end: r4(mean(used.slice(-edge))),
    falling: fit.slope < 0 && fit.p !== null && fit.p < alpha,
  };
}

/** Mean of the last few loss values logged at or before a step (the loss a checkpoint was saved at). */
function lossNear(points: readonly TrainPoint[], step: number): number | null {
  const before = points.filter((p) => p.step <= step).slice(-5);
  return before.length ? before.reduce((s, p) => s + p.value, 0) / before.length : null;
}

/** First checkpoint where the risk metric is significantly worse than at the run's first, or flips more. */
function firstBreak(input: SignalInput, metric: MetricName, checkpoints: readonly CandidateSummary[]): RiskBreak | null {
  const ref = checkpoints[0]!;
  for (let i = 1; i < checkpoints.length; i++) {
    const ck = checkpoints[i]!;
    const base = { metric, step: ck.step!, last_good_step: checkpoints[i - 1]!.step! };
    const change = compareFor(input, 'loss', metric, ref.name, ck.name);
    if (change.movement === 'loss') return { ...base, kind: 'falls', change };
    const before = flipIndicators(input, metric, ref.name);
    const after = flipIndicators(input, metric, ck.name);
    if ((pointChange(metric, { a: ref.name, b: ck.name }, before, after, 'higher').gain ?? 0) <= 0) continue;
    const flips = compareUnits(input, metric, { a: ref.name, b: ck.name }, before, after, 'higher');
    if (flips.movement === 'gain') return { ...base, kind: 'jitters', change: flips };
  }
  return null;
}

/** Per unit: 1 when its repeats disagreed (mean strictly between 0 and 1), else 0. */
function flipIndicators(input: SignalInput, metric: MetricName, candidate: string): Record<string, number> | undefined {
  const units = input.metrics.units[metric]?.[candidate];
  if (!units) return undefined;
  const out: Record<string, number> = {};
  for (const [unit, v] of Object.entries(units)) out[unit] = v > 0 && v < 1 ? 1 : 0;
  return out;
}
