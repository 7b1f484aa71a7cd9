/**
 * Read-only queries behind `probes health` and `probes diff --results`. Per-reply rows stream with
 * `.iterate()`: the history of a probe set can hold millions of replies.
 */
import type { Db } from './db.js';
import { TOTALS_COLUMNS, TOTALS_GRADE_JOINS, type ProbeTotals } from './metric-queries.js';

/**
 * One evaluation: a candidate on one version of the set, read from its latest run on that version
 * (samples below that run's `repeats`, as metrics read them). Shaped as metric-queries' CurrentRun.
 */
export interface EvaluationRow {
  candidateId: number;
  candidate: string;
  experiment: string;
  setVersionId: number;
  setName: string;
  version: string;
  repeats: number;
  recordCount: number;
  subset: string | null;
  /** Latest run id: orders evaluations in time. */
  runId: number;
}

/** Every evaluation of any version of the set, oldest first; `experiments` (names) narrows them. */
export function setEvaluations(db: Db, setName: string, experiments: readonly string[] | null): EvaluationRow[] {
  return db
    .prepare(
      `SELECT c.id AS candidateId, c.name AS candidate, e.name AS experiment, r.set_version_id AS setVersionId,
              v.name AS setName, v.version AS version, r.repeats AS repeats, v.record_count AS recordCount,
              r.subset AS subset, r.id AS runId
       FROM runs r
       JOIN candidates c ON c.id = r.candidate_id
       JOIN experiments e ON e.id = c.experiment_id
       JOIN probe_set_versions v ON v.id = r.set_version_id
       WHERE v.name = ?
         AND r.id IN (SELECT MAX(id) FROM runs GROUP BY candidate_id, set_version_id)
         AND (? IS NULL OR e.name IN (SELECT value FROM json_each(?)))
       ORDER BY r.id`,
    )
    .all(setName, experiments === null ? null : 1, JSON.stringify(experiments ?? [])) as EvaluationRow[];
}

/** A probe of a stored version with its canonical record, to match it against another version's. */
export interface VersionProbeRow {
  row: number;
  probeId: string;
  recordJson: string;
}

export function versionProbes(db: Db, setVersionId: number): VersionProbeRow[] {
  return db
    .prepare('SELECT id AS row, probe_id AS probeId, record_json AS recordJson FROM probes WHERE set_version_id = ? ORDER BY id')
    .all(setVersionId) as VersionProbeRow[];
}

/** One reply slot (probe, sample) of a candidate, summed as metrics sum a probe's replies. */
export type SampleTotals = ProbeTotals & { sample: number };

/** Per-(probe, sample) totals of one evaluation: one row per stored reply or recorded error. Streams. */
export function sampleTotals(db: Db, candidateId: number, setVersionId: number, repeats: number): IterableIterator<SampleTotals> {
  return db
    .prepare(
      `SELECT r.probe_row AS probeRow, r.sample AS sample, ${TOTALS_COLUMNS}
       FROM responses r
       JOIN probes p ON p.id = r.probe_row AND p.set_version_id = ?
       ${TOTALS_GRADE_JOINS}
       WHERE r.candidate_id = ? AND r.sample < ?
       GROUP BY r.probe_row, r.sample`,
    )
    .iterate(setVersionId, candidateId, repeats) as IterableIterator<SampleTotals>;
}

/** Per probe of one evaluation: replies two graders both scored, and how many got different labels. */
export interface PairAgreementRow {
  probeRow: number;
  both: number;
  differ: number;
}

export function graderPairByProbe(
  db: Db,
  candidateId: number,
  setVersionId: number,
  repeats: number,
  pair: readonly [first: string, second: string],
): IterableIterator<PairAgreementRow> {
  return db
    .prepare(
      `SELECT r.probe_row AS probeRow, COUNT(*) AS both, TOTAL(g1.label IS NOT g2.label) AS differ
       FROM responses r
       JOIN probes p ON p.id = r.probe_row AND p.set_version_id = ?
       JOIN grades g1 ON g1.response_id = r.id AND g1.grader = ? AND g1.status = 'scored'
       JOIN grades g2 ON g2.response_id = r.id AND g2.grader = ? AND g2.status = 'scored'
       WHERE r.candidate_id = ? AND r.sample < ?
       GROUP BY r.probe_row`,
    )
    .iterate(setVersionId, pair[0], pair[1], candidateId, repeats) as IterableIterator<PairAgreementRow>;
}
