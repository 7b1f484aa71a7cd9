import type { Db } from '../store/db.js';
import { groupSamples, probeTotals, type CurrentRun, type GroupSample, type ProbeTotals } from '../store/metric-queries.js';

/** What the store holds for one candidate on one run: per-probe totals and paraphrase-group samples. */
export interface RunRows {
  totals: ProbeTotals[];
  samples: GroupSample[];
}

/** The run that the rows are read for: only what the queries need (structured-clone friendly). */
export type RunKey = Pick<CurrentRun, 'setVersionId' | 'repeats'>;

/** Reads one candidate's rows on each of its runs, in the order given. */
export function readCandidateRows(db: Db, candidateId: number, runs: readonly RunKey[], present?: ReadonlySet<string>): RunRows[] {
  return runs.map((run) => ({
    totals: [...probeTotals(db, candidateId, run.setVersionId, run.repeats, present)],
    samples: [...groupSamples(db, candidateId, run.setVersionId, run.repeats)],
  }));
}
