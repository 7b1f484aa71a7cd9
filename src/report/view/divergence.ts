import type { Verdict } from '../../verdict/schema.js';

/**
 * The divergence step for a run, from the fired loss-risk-divergence signal's evidence: the signal's
 * own `divergence_step` when it names this run, else the earliest risk break recorded for this run
 * (`runs[].risk_breaks[].step`); null when the signal did not fire or the run has no break.
 */
export function divergenceStep(verdict: Verdict, run: string): number | null {
  const signal = verdict.signals.find((s) => s.id === 'loss-risk-divergence' && s.fired);
  if (!signal) return null;
  const ev = signal.evidence;
  if (ev.run === run && isNum(ev.divergence_step)) return ev.divergence_step;
  if (!Array.isArray(ev.runs)) return null;
  for (const r of ev.runs as unknown[]) {
    if (!isRecord(r) || r.run !== run) continue;
    const steps = (Array.isArray(r.risk_breaks) ? r.risk_breaks : [])
      .map((b: unknown) => (isRecord(b) && isNum(b.step) ? b.step : null))
      .filter((v): v is number => v !== null);
    if (isNum(r.divergence_step)) steps.push(r.divergence_step);
    return steps.length ? Math.min(...steps) : null;
  }
  return null;
}

function isNum(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
