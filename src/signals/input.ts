import type { MetricName } from '../metrics/registry.js';
import { METRICS } from '../metrics/registry.js';
import type { CandidateSummary, ExperimentMetrics } from '../metrics/types.js';
import type { Contract } from '../plan/schema.js';
import type { TrainPoint } from '../trainlog/types.js';

export interface SignalOptions {
  /** Significance level of every test a signal makes (two-sided). */
  alpha: number;
  /** Seed of the paired bootstraps, so the same store always gives the same verdict. */
  seed: number;
  /** Bootstrap resamples per paired comparison of non-binary units. */
  iterations?: number;
}

export const DEFAULT_SIGNAL_OPTIONS: SignalOptions = { alpha: 0.05, seed: 20240517 };

/** Everything a stop signal reads. Signals are pure functions of it. */
export interface SignalInput {
  metrics: ExperimentMetrics;
  contract: Contract;
  /** Training-log points by candidate name (candidates without a log are absent). */
  trainLogs: Record<string, TrainPoint[]>;
  options: SignalOptions;
}

/** Candidates in the order they were tried (plan order). */
export function inPlanOrder(metrics: ExperimentMetrics): CandidateSummary[] {
  return [...metrics.candidates].sort((a, b) => a.ordinal - b.ordinal);
}

/** The reference every gain is measured from: the declared baseline, else the first candidate tried. */
export function baselineOf(metrics: ExperimentMetrics): { candidate: CandidateSummary; declared: boolean } | null {
  const ordered = inPlanOrder(metrics);
  const declared = ordered.find((c) => c.baseline);
  if (declared) return { candidate: declared, declared: true };
  const first = ordered[0];
  return first ? { candidate: first, declared: false } : null;
}

/** Candidates after (and other than) the baseline: the iterations of the sweep, in plan order. */
export function iterationsOf(metrics: ExperimentMetrics): CandidateSummary[] {
  const base = baselineOf(metrics);
  return inPlanOrder(metrics).filter((c) => c.name !== base?.candidate.name);
}

/**
 * Replicates are candidates whose params differ only in seed; checkpoints of one run at different
 * steps are not replicates of each other, so the step is part of the key.
 */
export function replicateKey(c: CandidateSummary): string {
  return c.step === null ? c.configKey : `${c.configKey}@step=${c.step}`;
}

/** Metrics a decision rests on: judgment and risk metrics with a better direction, measured somewhere. */
export function decisionMetrics(metrics: ExperimentMetrics, kinds: readonly ('judgment' | 'risk')[] = ['judgment', 'risk']): MetricName[] {
  return (Object.keys(METRICS) as MetricName[]).filter(
    (m) => (kinds as readonly string[]).includes(METRICS[m].kind) && METRICS[m].direction !== 'none' && metrics.units[m] !== undefined,
  );
}

/** Style metrics with a better direction (courtesy, tone) that were measured. */
export function styleMetrics(metrics: ExperimentMetrics): MetricName[] {
  return (Object.keys(METRICS) as MetricName[]).filter(
    (m) => METRICS[m].kind === 'style' && METRICS[m].direction !== 'none' && metrics.units[m] !== undefined,
  );
}

/** The metrics the sweep is trying to move: intent metrics and must_improve metrics (judgment metrics if none). */
export function targetMetrics(input: SignalInput): MetricName[] {
  const set = new Set<MetricName>();
  for (const rule of input.contract.must_improve) set.add(rule.metric);
  for (const c of iterationsOf(input.metrics)) if (c.intent?.metric) set.add(c.intent.metric);
  const measured = [...set].filter((m) => input.metrics.units[m] !== undefined && METRICS[m].direction !== 'none');
  return measured.length ? measured : decisionMetrics(input.metrics, ['judgment']);
}
