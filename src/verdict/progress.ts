import type { MetricName } from '../metrics/registry.js';
import { compareFor } from '../signals/compare.js';
import { gainHolds } from '../signals/holds.js';
import { baselineOf, iterationsOf, targetMetrics, type SignalInput } from '../signals/input.js';
import { guardsHold } from './contract.js';

export interface ProgressStep {
  candidate: string;
  /** The best candidate so far, which this one had to beat. */
  against: string;
  real_gain: boolean;
  gains: MetricName[];
  losses: MetricName[];
  guards_ok: boolean;
}

export interface Progress {
  baseline: string | null;
  baselineDeclared: boolean;
  targets: MetricName[];
  /** Best candidate after the last iteration (the baseline until something beats it). */
  best: string | null;
  latest: string | null;
  /** The best candidate before the latest iteration. */
  bestBeforeLatest: string | null;
  /** Iterations since the last real gain. */
  stale: number;
  steps: ProgressStep[];
}

/**
 * Walks the iterations in plan order keeping the best candidate so far. An iteration is a real gain
 * when, against that best, it gains significantly on at least one target metric (must_improve
 * metrics and intent metrics; judgment metrics when there are none) — a gain every other seed of its
 * configuration shows too (gainHolds) — loses significantly on none, and keeps every
 * must_not_regress against the baseline. Anything else — noise, a trade, a broken
 * guard — adds one to `stale`; `stale ≥ patience` means patience is used up.
 */
export function walkProgress(input: SignalInput): Progress {
  const base = baselineOf(input.metrics);
  const targets = targetMetrics(input);
  const steps: ProgressStep[] = [];
  if (!base) return { baseline: null, baselineDeclared: false, targets, best: null, latest: null, bestBeforeLatest: null, stale: 0, steps };
  let best = base.candidate.name;
  let bestBeforeLatest: string | null = null;
  let stale = 0;
  for (const c of iterationsOf(input.metrics)) {
    bestBeforeLatest = best;
    const gains = targets.filter((m) => gainHolds(input, m, best, c.name));
    const losses = targets.filter((m) => compareFor(input, 'loss', m, best, c.name).movement === 'loss');
    const guardsOk = guardsHold(input, c.name, base.candidate.name);
    const realGain = gains.length > 0 && losses.length === 0 && guardsOk;
    steps.push({ candidate: c.name, against: best, real_gain: realGain, gains, losses, guards_ok: guardsOk });
    if (realGain) {
      best = c.name;
      stale = 0;
    } else {
      stale += 1;
    }
  }
  const latest = steps.at(-1)?.candidate ?? null;
  return {
    baseline: base.candidate.name,
    baselineDeclared: base.declared,
    targets,
    best,
    latest,
    bestBeforeLatest: latest === null ? null : bestBeforeLatest,
    stale,
    steps,
  };
}
