/**
 * Read-only queries behind the HTML report. The per-reply ones stream with `.iterate()` and
 * `.raw()` rows, so a store with a million replies is never loaded as a million objects.
 */
import type { Db } from './db.js';

export interface ReportCandidateRow {
  id: number;
  name: string;
  ordinal: number;
}

export function reportCandidates(db: Db, experimentId: number): ReportCandidateRow[] {
  return db
    .prepare('SELECT id, name, ordinal FROM candidates WHERE experiment_id = ? ORDER BY ordinal, id')
    .all(experimentId) as ReportCandidateRow[];
}

export interface ReportRunRow {
  candidate: string;
  setName: string;
  setVersion: string;
  repeats: number;
  expected: number;
  subset: string | null;
  status: string;
  startedAt: string;
  finishedAt: string | null;
  replied: number;
  errors: number;
}

/** Every evaluation pass of the experiment with its reply and error counts (samples below `repeats`). */
export function reportRuns(db: Db, experimentId: number): ReportRunRow[] {
  return db
    .prepare(
      `SELECT c.name AS candidate, v.name AS setName, v.version AS setVersion, r.repeats, r.expected, r.subset,
              r.status, r.started_at AS startedAt, r.finished_at AS finishedAt,
              (SELECT COUNT(*) FROM responses x JOIN probes p ON p.id = x.probe_row
                WHERE x.candidate_id = r.candidate_id AND p.set_version_id = r.set_version_id
                  AND x.sample < r.repeats AND x.error_class IS NULL) AS replied,
              (SELECT COUNT(*) FROM responses x JOIN probes p ON p.id = x.probe_row
                WHERE x.candidate_id = r.candidate_id AND p.set_version_id = r.set_version_id
                  AND x.sample < r.repeats AND x.error_class IS NOT NULL) AS errors
       FROM runs r JOIN candidates c ON c.id = r.candidate_id JOIN probe_set_versions v ON v.id = r.set_version_id
       WHERE c.experiment_id = ? ORDER BY c.ordinal, r.id`,
    )
    .all(experimentId) as ReportRunRow[];
}

/** Largest `repeats` of any run of the experiment: the number of sample slots per probe. */
export function reportSampleSlots(db: Db, experimentId: number): number {
  const row = db
    .prepare('SELECT MAX(r.repeats) AS k FROM runs r JOIN candidates c ON c.id = r.candidate_id WHERE c.experiment_id = ?')
    .get(experimentId) as { k: number | null };
  return row.k ?? 0;
}

export interface ReportProbeRow {
  row: number;
  setVersionId: number;
  setName: string;
  probeId: string;
  recordJson: string;
}

/** Snapshots of every probe of every set version the experiment's runs evaluated. Streams. */
export function* reportProbes(db: Db, experimentId: number): Generator<ReportProbeRow> {
  const stmt = db.prepare(
    `SELECT p.id AS row, p.set_version_id AS setVersionId, v.name AS setName, p.probe_id AS probeId,
            p.record_json AS recordJson
     FROM probes p JOIN probe_set_versions v ON v.id = p.set_version_id
     WHERE p.set_version_id IN (SELECT r.set_version_id FROM runs r JOIN candidates c ON c.id = r.candidate_id
                                WHERE c.experiment_id = ?)
     ORDER BY v.name, p.probe_id, p.set_version_id`,
  );
  yield* stmt.iterate(experimentId) as IterableIterator<ReportProbeRow>;
}

/** [candidateId, probeRow, sample, text, errorClass] */
export type ReportResponseTuple = [number, number, number, string | null, string | null];

/** Every reply of the experiment as compact tuples. Streams. */
export function reportResponses(db: Db, experimentId: number): IterableIterator<ReportResponseTuple> {
  return db
    .prepare(
      `SELECT r.candidate_id, r.probe_row, r.sample, r.text, r.error_class
       FROM responses r JOIN candidates c ON c.id = r.candidate_id
       WHERE c.experiment_id = ?`,
    )
    .raw()
    .iterate(experimentId) as IterableIterator<ReportResponseTuple>;
}

/** [candidateId, probeRow, sample, grader, status, label, score] */
export type ReportGradeTuple = [number, number, number, string, string, string | null, number | null];

/** Every grade of the experiment as compact tuples. Streams. */
export function reportGrades(db: Db, experimentId: number): IterableIterator<ReportGradeTuple> {
  return db
    .prepare(
      `SELECT r.candidate_id, r.probe_row, r.sample, g.grader, g.status, g.label, g.score
       FROM grades g JOIN responses r ON r.id = g.response_id JOIN candidates c ON c.id = r.candidate_id
       WHERE c.experiment_id = ?`,
    )
    .raw()
    .iterate(experimentId) as IterableIterator<ReportGradeTuple>;
}

export interface ReportGradeKind {
  grader: string;
  status: string;
  label: string | null;
  score: number | null;
  n: number;
}

/** The distinct outcomes each grader gave in the experiment: decides how outcomes are coded. */
export function reportGradeKinds(db: Db, experimentId: number): ReportGradeKind[] {
  return db
    .prepare(
      `SELECT g.grader, g.status, g.label, g.score, COUNT(*) AS n
       FROM grades g JOIN responses r ON r.id = g.response_id JOIN candidates c ON c.id = r.candidate_id
       WHERE c.experiment_id = ?
       GROUP BY g.grader, g.status, g.label, g.score ORDER BY g.grader, g.status, g.label, g.score`,
    )
    .all(experimentId) as ReportGradeKind[];
}

export interface ReportTrainRow {
  candidate: string;
  name: 'loss' | 'eval_loss';
  step: number;
  value: number;
}

/** Training and validation loss of the experiment's candidates, by step. */
export function reportTrainLoss(db: Db, experimentId: number): ReportTrainRow[] {
  return db
    .prepare(
      `SELECT c.name AS candidate, m.name, m.step, m.value
       FROM train_metrics m JOIN candidates c ON c.id = m.candidate_id
       WHERE c.experiment_id = ? AND m.name IN ('loss', 'eval_loss')
       ORDER BY c.ordinal, m.step, m.name`,
    )
    .all(experimentId) as ReportTrainRow[];
}
