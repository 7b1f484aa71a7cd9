import type { TrainLogFormat, TrainPoint } from '../trainlog/types.js';
import type { Db } from './db.js';

/** A candidate as `log import` resolves it by name. */
export interface CandidateRef {
  candidateId: number;
  candidate: string;
  experiment: string;
  /** The candidate as in its plan (JSON text of the plan's candidate entry). */
  specJson: string;
}

export function findCandidatesNamed(db: Db, name: string): CandidateRef[] {
  return db
    .prepare(
      `SELECT c.id AS candidateId, c.name AS candidate, e.name AS experiment, c.spec_json AS specJson
       FROM candidates c JOIN experiments e ON e.id = c.experiment_id
       WHERE c.name = ? ORDER BY e.name`,
    )
    .all(name) as CandidateRef[];
}

export function experimentCandidates(db: Db, experiment: string): CandidateRef[] {
  return db
    .prepare(
      `SELECT c.id AS candidateId, c.name AS candidate, e.name AS experiment, c.spec_json AS specJson
       FROM candidates c JOIN experiments e ON e.id = c.experiment_id
       WHERE e.name = ? ORDER BY c.ordinal`,
    )
    .all(experiment) as CandidateRef[];
}

export interface StoredExperimentPlan {
  experimentId: number;
  planJson: string;
  planPath: string | null;
}

export function experimentPlan(db: Db, experiment: string): StoredExperimentPlan | undefined {
  return db
    .prepare('SELECT id AS experimentId, plan_json AS planJson, plan_path AS planPath FROM experiments WHERE name = ?')
    .get(experiment) as StoredExperimentPlan | undefined;
}

export interface TrainLogRecord {
  sourcePath: string;
  format: TrainLogFormat;
  importedAt: string;
}

export function trainLogRecord(db: Db, candidateId: number): TrainLogRecord | undefined {
  return db
    .prepare('SELECT source_path AS sourcePath, format, imported_at AS importedAt FROM train_logs WHERE candidate_id = ?')
    .get(candidateId) as TrainLogRecord | undefined;
}

/** Replaces a candidate's training log and its points, in one transaction. */
export function saveTrainLog(db: Db, candidateId: number, log: TrainLogRecord, points: readonly TrainPoint[]): void {
  const clear = db.prepare('DELETE FROM train_metrics WHERE candidate_id = ?');
  const insert = db.prepare('INSERT INTO train_metrics (candidate_id, name, step, value) VALUES (?, ?, ?, ?)');
  const record = db.prepare(
    `INSERT INTO train_logs (candidate_id, source_path, format, imported_at) VALUES (?, ?, ?, ?)
     ON CONFLICT(candidate_id) DO UPDATE SET source_path = excluded.source_path, format = excluded.format,
       imported_at = excluded.imported_at`,
  );
  db.transaction(() => {
    clear.run(candidateId);
    for (const p of points) insert.run(candidateId, p.name, p.step, p.value);
    record.run(candidateId, log.sourcePath, log.format, log.importedAt);
  }).immediate();
}

/** Every stored training point of an experiment, by candidate name, ordered by step. */
export function experimentTrainPoints(db: Db, experiment: string): Record<string, TrainPoint[]> {
  const rows = db
    .prepare(
      `SELECT c.name AS candidate, m.name, m.step, m.value
       FROM train_metrics m JOIN candidates c ON c.id = m.candidate_id JOIN experiments e ON e.id = c.experiment_id
       WHERE e.name = ? ORDER BY c.ordinal, m.step, m.name`,
    )
    .all(experiment) as { candidate: string; name: string; step: number; value: number }[];
  const out: Record<string, TrainPoint[]> = {};
  for (const r of rows) (out[r.candidate] ??= []).push({ name: r.name, step: r.step, value: r.value });
  return out;
}
