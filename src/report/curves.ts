import type { CandidateSummary } from '../metrics/types.js';
import type { CurvePoint, TrainingCurve } from './types.js';

/** One stored training-log value (the store's train_metrics row, by candidate name). */
export interface TrainValue {
  candidate: string;
  name: 'loss' | 'eval_loss';
  step: number;
  value: number;
}

/**
 * Training curves per run. Checkpoints of one run (candidates sharing `run`) usually carry copies of
 * the same log cut at different steps, so the curves are merged by step, the later checkpoint's log
 * winning where they overlap. A candidate with a log but no `run` is a run of its own.
 */
export function trainingCurves(candidates: CandidateSummary[], values: Iterable<TrainValue>): TrainingCurve[] {
  const byCandidate = new Map<string, TrainValue[]>();
  for (const v of values) {
    const list = byCandidate.get(v.candidate);
    if (list) list.push(v);
    else byCandidate.set(v.candidate, [v]);
  }
  const runs = new Map<string, CandidateSummary[]>();
  for (const c of candidates) {
    const run = c.run ?? (byCandidate.has(c.name) ? c.name : null);
    if (run === null) continue;
    const list = runs.get(run);
    if (list) list.push(c);
    else runs.set(run, [c]);
  }
  const curves: TrainingCurve[] = [];
  for (const [run, members] of runs) {
    const ordered = [...members].sort((a, b) => (a.step ?? -1) - (b.step ?? -1) || a.ordinal - b.ordinal);
    const points = new Map<number, CurvePoint>();
    for (const m of ordered) {
      for (const v of byCandidate.get(m.name) ?? []) {
        const p = points.get(v.step) ?? { step: v.step };
        p[v.name] = v.value;
        points.set(v.step, p);
      }
    }
    curves.push({
      run,
      checkpoints: ordered.map((m) => m.name),
      points: [...points.values()].sort((a, b) => a.step - b.step),
    });
  }
  return curves;
}
