/**
 * Read-only queries behind the HTML report. What is read per reply or per grade comes as plucked
 * numbers or packed strings, never as a row object each: the report reads a million replies' slots
 * and three million grades, and the texts of only the replies it embeds.
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

/** Bits of a reply slot key below the probe row: the sample (20 bits) and whether it is a reply (1 bit). */
export const SLOT_KEY_SHIFT = 2 ** 21;
/** Samples at or above this are folded into it (no run has a million repeats; the report drops them). */
export const SLOT_MAX_SAMPLE = 2 ** 20 - 1;

/**
 * A candidate's replies as two parallel columns, in no particular order: `ids`, and `keys` =
 * probeRow × 2²¹ + min(sample, 2²⁰ − 1) × 2 + (1 when it is a reply, 0 when the request failed).
 * Read from the covering index `responses_coverage` (no reply row, no text is touched) as two JSON
 * arrays: a million rows as JavaScript values one by one would cost several times as much.
 */
export function reportReplySlots(db: Db, candidateId: number): { ids: number[]; keys: number[] } {
  const row = db
    .prepare(
      `SELECT json_group_array(id) AS ids,
              json_group_array(probe_row * ${SLOT_KEY_SHIFT} + min(sample, ${SLOT_MAX_SAMPLE}) * 2 + (error_class IS NULL)) AS keys
       FROM responses WHERE candidate_id = ?`,
    )
    .get(candidateId) as { ids: string; keys: string };
  return { ids: JSON.parse(row.ids) as number[], keys: JSON.parse(row.keys) as number[] };
}

/** Separators of the packed grade records (ASCII record and unit separators). */
export const GRADE_RECORD_SEP = '\u001e';
export const GRADE_FIELD_SEP = '\u001f';

/**
 * The grades of replies with ids in [lo, hi], packed into one string in primary-key order: records
 * `responseId␟grader␟status␟score␟label` joined by ␞ (score and label empty when null), with the
 * number of grades. Reading a million grades as rows costs ~2 µs each in better-sqlite3; one string per
 * range costs a fraction of that. A grader name or label holding a separator makes the record count or
 * a field disagree; the caller then reads that range with reportGradeRows.
 */
export function reportGradeChunk(db: Db, lo: number, hi: number): { packed: string | null; count: number } {
  const row = db
    .prepare(
      `SELECT COUNT(*) AS count,
              group_concat(concat_ws(?, response_id, grader, status, ifnull(score, ''), ifnull(label, '')), ?) AS packed
       FROM grades WHERE response_id BETWEEN ? AND ?`,
    )
    .get(GRADE_FIELD_SEP, GRADE_RECORD_SEP, lo, hi) as { count: number; packed: string | null };
  return row;
}

/** [responseId, grader, status, label, score] */
export type ReportGradeTuple = [number, string, string, string | null, number | null];

/** The grades of replies with ids in [lo, hi] as rows, in primary-key order. Streams. */
export function reportGradeRows(db: Db, lo: number, hi: number): IterableIterator<ReportGradeTuple> {
  return db
    .prepare('SELECT response_id, grader, status, label, score FROM grades WHERE response_id BETWEEN ? AND ?')
    .raw()
    .iterate(lo, hi) as IterableIterator<ReportGradeTuple>;
}

/** [responseId, text] */
export type ReportTextRow = [number, string | null];

/**
 * Reads reply texts by primary-key range [lo, hi] (the report reads only the replies it embeds, in
 * runs of nearby ids).
 */
export function reportReplyTexts(db: Db): (lo: number, hi: number) => ReportTextRow[] {
  const stmt = db.prepare('SELECT id, text FROM responses WHERE id BETWEEN ? AND ?').raw();
  return (lo, hi) => stmt.all(lo, hi) as ReportTextRow[];
}

/** One distinct outcome a grader gave. */
export interface ReportGradeKind {
  grader: string;
  status: string;
  label: string | null;
  score: number | null;
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
