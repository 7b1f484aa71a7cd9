import type { Db } from './db.js';
import { configurationKey, type Plan } from '../plan/schema.js';
import { currentOwner, type RunOwner } from './run-owner.js';

/**
 * Run statuses (DESIGN: a partial run is never mistaken for a complete one). `interrupted` also
 * covers a run whose process died without recording an ending (run-owner.ts finds those).
 */
export type RunStatus = 'running' | 'complete' | 'partial' | 'interrupted' | 'budget';

export interface StoredCandidate {
  id: number;
  name: string;
  ordinal: number;
  model: string;
}

/**
 * Creates or updates the experiment and its candidates from a plan. Candidates that left the plan
 * stay in the store with their replies: the history of what was tried is evidence too.
 * Returns the experiment id and the plan's candidates by name.
 */
export function upsertExperiment(
  db: Db,
  plan: Plan,
  planPath: string | null,
  now: Date,
): { experimentId: number; candidates: Map<string, StoredCandidate> } {
  const stamp = now.toISOString();
  const upsertExp = db.prepare(
    `INSERT INTO experiments (name, plan_json, plan_path, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(name) DO UPDATE SET plan_json = excluded.plan_json, plan_path = excluded.plan_path,
       updated_at = excluded.updated_at
     RETURNING id`,
  );
  const upsertCand = db.prepare(
    `INSERT INTO candidates (experiment_id, name, ordinal, model, config_key, spec_json) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT(experiment_id, name) DO UPDATE SET ordinal = excluded.ordinal, model = excluded.model,
       config_key = excluded.config_key, spec_json = excluded.spec_json
     RETURNING id`,
  );
  return db.transaction(() => {
    const { id: experimentId } = upsertExp.get(plan.name, JSON.stringify(plan), planPath, stamp, stamp) as { id: number };
    const candidates = new Map<string, StoredCandidate>();
    plan.candidates.forEach((c, ordinal) => {
      const { id } = upsertCand.get(experimentId, c.name, ordinal, c.model, configurationKey(c), JSON.stringify(c)) as {
        id: number;
      };
      candidates.set(c.name, { id, name: c.name, ordinal, model: c.model });
    });
    return { experimentId, candidates };
  }).immediate();
}

/** Names of every stored experiment (for a helpful error when one named is missing). */
export function experimentNames(db: Db): string[] {
  return (db.prepare('SELECT name FROM experiments ORDER BY name').all() as { name: string }[]).map((r) => r.name);
}

export function findExperimentId(db: Db, name: string): number | undefined {
  const row = db.prepare('SELECT id FROM experiments WHERE name = ?').get(name) as { id: number } | undefined;
  return row?.id;
}

/** Deletes an experiment with everything recorded under it (used by `demo --fresh`). */
export function deleteExperiment(db: Db, name: string): boolean {
  const id = findExperimentId(db, name);
  if (id === undefined) return false;
  db.transaction(() => {
    const cands = 'SELECT id FROM candidates WHERE experiment_id = ?';
    db.prepare(`DELETE FROM grades WHERE response_id IN (SELECT id FROM responses WHERE candidate_id IN (${cands}))`).run(id);
    db.prepare(`DELETE FROM responses WHERE candidate_id IN (${cands})`).run(id);
    db.prepare(`DELETE FROM runs WHERE candidate_id IN (${cands})`).run(id);
    db.prepare(`DELETE FROM train_metrics WHERE candidate_id IN (${cands})`).run(id);
    db.prepare(`DELETE FROM train_logs WHERE candidate_id IN (${cands})`).run(id);
    db.prepare('DELETE FROM candidates WHERE experiment_id = ?').run(id);
    db.prepare('DELETE FROM experiments WHERE id = ?').run(id);
  }).immediate();
  return true;
}

export interface NewRun {
  candidateId: number;
  setVersionId: number;
  repeats: number;
  expected: number;
  /** null for the full set; else how it was limited, e.g. `limit=20` or `sample=0.1,seed=7`. */
  subset: string | null;
  samplingJson: string;
  endpointUrl: string;
  startedAt: Date;
  /** The process evaluating the run; default: this one. Its first heartbeat is `startedAt`. */
  owner?: RunOwner;
}

export function createRun(db: Db, run: NewRun): number {
  const owner = run.owner ?? currentOwner();
  const row = db
    .prepare(
      `INSERT INTO runs (candidate_id, set_version_id, repeats, expected, subset, status, sampling_json, endpoint_url, started_at,
         owner_pid, owner_host, heartbeat_at)
       VALUES (?, ?, ?, ?, ?, 'running', ?, ?, ?, ?, ?, ?) RETURNING id`,
    )
    .get(
      run.candidateId,
      run.setVersionId,
      run.repeats,
      run.expected,
      run.subset,
      run.samplingJson,
      run.endpointUrl,
      run.startedAt.toISOString(),
      owner.pid,
      owner.host,
      run.startedAt.getTime(),
    ) as { id: number };
  return row.id;
}

export function finishRun(db: Db, runId: number, status: RunStatus, finishedAt: Date): void {
  db.prepare('UPDATE runs SET status = ?, finished_at = ? WHERE id = ?').run(status, finishedAt.toISOString(), runId);
}

/** Number of probes stored for a probe-set version (the snapshot). */
export function probeCount(db: Db, setVersionId: number): number {
  const row = db.prepare('SELECT COUNT(*) AS n FROM probes WHERE set_version_id = ?').get(setVersionId) as { n: number };
  return row.n;
}
