import type { Verdict } from '../../verdict/schema.js';

/** Evidence keys the loss-risk-divergence signal may use for the step where loss and risk part ways. */
const STEP_KEYS = ['divergence_step', 'start_step', 'from_step', 'step'] as const;

/**
 * The divergence step for a run, from the fired loss-risk-divergence signal's evidence; null when the
 * signal did not fire, names another run, or gives no step.
 */
export function divergenceStep(verdict: Verdict, run: string): number | null {
  const signal = verdict.signals.find((s) => s.id === 'loss-risk-divergence' && s.fired);
  if (!signal) return null;
  const ev = signal.evidence;
  if (typeof ev.run === 'string' && ev.run !== run) {
    // Per-run evidence may come as a list: [{run, step, ...}, ...].
    return null;
  }
  const runs = ev.runs;
  if (Array.isArray(runs)) {
    for (const r of runs) {
      if (r && typeof r === 'object' && (r as Record<string, unknown>).run === run) return stepOf(r as Record<string, unknown>);
    }
    return null;
  }
  return stepOf(ev);
}

function stepOf(ev: Record<string, unknown>): number | null {
  for (const k of STEP_KEYS) {
    const v = ev[k];
    if (typeof v === 'number' && Number.isFinite(v)) return v;
  }
  return null;
}
