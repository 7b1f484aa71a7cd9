import type { Db } from './db.js';
import { experimentCandidates } from './metric-queries.js';

/** One stored reply with where it came from, as `stoppoint export` writes it. */
export interface ExportRow {
  candidate: string;
  model: string;
  set: string;
  setVersion: string;
  probeId: string;
  category: string;
  behavior: string;
  grp: string | null;
  lang: string | null;
  sample: number;
  seed: number | null;
  text: string | null;
  finishReason: string | null;
  latencyMs: number | null;
  promptTokens: number | null;
  completionTokens: number | null;
  fingerprint: string | null;
  attempts: number;
  errorClass: string | null;
  errorMessage: string | null;
  createdAt: number;
  /** JSON object grader -> {status, label, score, detail}, or null without grades. */
  gradesJson: string | null;
}

/** Graders with at least one grade on the experiment's replies, sorted. */
export function gradersOf(db: Db, experimentId: number): string[] {
  const rows = db
    .prepare(
      `SELECT DISTINCT g.grader AS grader FROM candidates c
       JOIN responses r ON r.candidate_id = c.id JOIN grades g ON g.response_id = r.id
       WHERE c.experiment_id = ? ORDER BY g.grader`,
    )
    .all(experimentId) as { grader: string }[];
  return rows.map((r) => r.grader);
}

/**
 * Every reply of an experiment, candidate by candidate (plan order), then probe and sample, read
 * through the (candidate, probe, sample) index so nothing is sorted or held in memory.
 */
export function* exportRows(db: Db, experimentId: number, only: ExportFilter = {}): Generator<ExportRow> {
  const candidates = experimentCandidates(db, experimentId)
    .filter((c) => only.candidates === undefined || only.candidates.includes(c.name));
  const probes = only.probes === undefined ? null : JSON.stringify(only.probes);
  const stmt = db.prepare(
    `SELECT @candidate AS candidate, @model AS model, v.name AS "set", v.version AS setVersion, p.probe_id AS probeId,
       p.category AS category, p.behavior AS behavior, p.grp AS grp, p.lang AS lang, r.sample AS sample,
       r.seed AS seed, r.text AS text, r.finish_reason AS finishReason, r.latency_ms AS latencyMs,
       r.prompt_tokens AS promptTokens, r.completion_tokens AS completionTokens, r.fingerprint AS fingerprint,
       r.attempts AS attempts, r.error_class AS errorClass, r.error_message AS errorMessage, r.created_at AS createdAt,
       (SELECT json_group_object(g.grader, json_object('status', g.status, 'label', g.label, 'score', g.score,
                                                       'detail', g.detail))
          FROM grades g WHERE g.response_id = r.id HAVING COUNT(*) > 0) AS gradesJson
     FROM responses r
     JOIN probes p ON p.id = r.probe_row JOIN probe_set_versions v ON v.id = p.set_version_id
     WHERE r.candidate_id = @candidateId AND (@probes IS NULL OR p.probe_id IN (SELECT value FROM json_each(@probes)))
     ORDER BY r.candidate_id, r.probe_row, r.sample`,
  );
  for (const c of candidates) {
    yield* stmt.iterate({ candidate: c.name, model: c.model, candidateId: c.id, probes }) as IterableIterator<ExportRow>;
  }
}

/** Which replies to export: only these candidates (names) and these probes (ids); all when absent. */
export interface ExportFilter {
  candidates?: readonly string[];
  probes?: readonly string[];
}

/** Of `ids`, those that are no probe of any set version the experiment's runs evaluated. */
export function unknownProbeIds(db: Db, experimentId: number, ids: readonly string[]): string[] {
  const known = db.prepare(
    `SELECT 1 FROM probes p WHERE p.probe_id = ? AND p.set_version_id IN
       (SELECT r.set_version_id FROM runs r JOIN candidates c ON c.id = r.candidate_id WHERE c.experiment_id = ?) LIMIT 1`,
  );
  return ids.filter((id) => known.get(id, experimentId) === undefined);
}
