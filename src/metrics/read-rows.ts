import type { Db } from '../store/db.js';
import { candidateDataVersion } from '../store/metric-cache.js';
import { groupSamples, probeTotals, type CurrentRun, type GroupSample, type ProbeTotals } from '../store/metric-queries.js';

/** What the store holds for one candidate on one run: per-probe totals and paraphrase-group samples. */
export interface RunRows {
  totals: ProbeTotals[];
  samples: GroupSample[];
}

/** The run that the rows are read for: only what the queries need (structured-clone friendly). */
export type RunKey = Pick<CurrentRun, 'setVersionId' | 'repeats'>;

/** A candidate's rows on each of its runs, and the data version they were read at (null: unversioned store). */
export interface CandidateRead {
  dataVersion: number | null;
  rows: RunRows[];
}

/**
 * Reads one candidate's rows on each of its runs, in the order given. With `versioned`, the
 * candidate's data version is read in the same read transaction, so it names exactly this data.
 */
export function readCandidateRows(
  db: Db, candidateId: number, runs: readonly RunKey[], present: ReadonlySet<string> | undefined, versioned: boolean,
): CandidateRead {
  const read = (): CandidateRead => ({
    dataVersion: versioned ? candidateDataVersion(db, candidateId) : null,
    rows: runs.map((run) => ({
      totals: [...probeTotals(db, candidateId, run.setVersionId, run.repeats, present)],
      samples: [...groupSamples(db, candidateId, run.setVersionId, run.repeats)],
    })),
  });
  return db.inTransaction ? read() : db.transaction(read).deferred();
}
