import type { Db } from './db.js';

/** One reply (or the error that ended its attempts) as the runner hands it to the store. */
export interface ResponseRow {
  candidateId: number;
  probeRow: number;
  sample: number;
  runId: number;
  seed: number | null;
  text: string | null;
  finishReason: string | null;
  latencyMs: number | null;
  promptTokens: number | null;
  completionTokens: number | null;
  fingerprint: string | null;
  attempts: number;
  /** null when there is a reply. */
  errorClass: string | null;
  errorMessage: string | null;
  createdAt: number;
}

export interface ResponseWriter {
  add(row: ResponseRow): void;
  /** Commits what is buffered now. */
  flush(): void;
  /** Flushes and stops the timer; the writer must not be used afterwards. */
  close(): void;
  /** Rows committed so far. */
  readonly committed: number;
}

export interface WriterOptions {
  /** Commit when this many rows are buffered. */
  batchSize?: number;
  /** Commit at most this long after the first buffered row arrived. */
  flushMs?: number;
}

/**
 * Buffers replies and commits them in batches, by count and by time: never one transaction per
 * reply, and never a transaction held open across an await (a commit is one synchronous call).
 * A row for a (candidate, probe, sample) that already holds an error replaces it (same id, so
 * nothing is duplicated; the UNIQUE index guarantees it); a stored reply is never overwritten.
 * Attempts add up across resumes, so a probe that needed several runs shows it.
 */
export function createResponseWriter(db: Db, options: WriterOptions = {}): ResponseWriter {
  const batchSize = options.batchSize ?? 256;
  const flushMs = options.flushMs ?? 250;
  const upsert = db.prepare(
    `INSERT INTO responses (candidate_id, probe_row, sample, run_id, seed, text, finish_reason, latency_ms,
       prompt_tokens, completion_tokens, fingerprint, attempts, error_class, error_message, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (candidate_id, probe_row, sample) DO UPDATE SET
       run_id = excluded.run_id, seed = excluded.seed, text = excluded.text, finish_reason = excluded.finish_reason,
       latency_ms = excluded.latency_ms, prompt_tokens = excluded.prompt_tokens,
       completion_tokens = excluded.completion_tokens, fingerprint = excluded.fingerprint,
       attempts = responses.attempts + excluded.attempts, error_class = excluded.error_class,
       error_message = excluded.error_message, created_at = excluded.created_at
     WHERE responses.error_class IS NOT NULL`,
  );
  const commit = db.transaction((rows: ResponseRow[]) => {
    for (const r of rows) {
      upsert.run(
        r.candidateId, r.probeRow, r.sample, r.runId, r.seed, r.text, r.finishReason, r.latencyMs,
        r.promptTokens, r.completionTokens, r.fingerprint, r.attempts, r.errorClass, r.errorMessage, r.createdAt,
      );
    }
  });
  let batch: ResponseRow[] = [];
  let timer: NodeJS.Timeout | undefined;
  let committed = 0;
  const flush = (): void => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (batch.length === 0) return;
    const rows = batch;
    batch = [];
    commit(rows);
    committed += rows.length;
  };
  return {
    add(row) {
      batch.push(row);
      if (batch.length >= batchSize) flush();
      else if (!timer) timer = setTimeout(flush, flushMs);
    },
    flush,
    close: flush,
    get committed() {
      return committed;
    },
  };
}

/** A (probe, sample) that still needs a reply. */
export interface MissingItem {
  probeRow: number;
  probeId: string;
  sample: number;
}

/**
 * Every (probe, sample < repeats) of a set version without a reply for the candidate, in probe order.
 * Rows holding an error count as missing: they are retried and replaced. Paged by probe so memory
 * stays flat and no statement is left open between yields (the caller writes in between).
 */
export function* missingWork(
  db: Db,
  candidateId: number,
  setVersionId: number,
  repeats: number,
  pageSize = 256,
): Generator<MissingItem> {
  const pageEnd = db.prepare(
    'SELECT MAX(id) AS last FROM (SELECT id FROM probes WHERE set_version_id = ? AND id > ? ORDER BY id LIMIT ?)',
  );
  const page = db.prepare(
    `WITH RECURSIVE s(sample) AS (SELECT 0 UNION ALL SELECT sample + 1 FROM s WHERE sample + 1 < ?)
     SELECT p.id AS probeRow, p.probe_id AS probeId, s.sample AS sample
     FROM probes p CROSS JOIN s
     WHERE p.set_version_id = ? AND p.id > ? AND p.id <= ?
       AND NOT EXISTS (SELECT 1 FROM responses r WHERE r.candidate_id = ? AND r.probe_row = p.id
                       AND r.sample = s.sample AND r.error_class IS NULL)
     ORDER BY p.id, s.sample`,
  );
  let after = 0;
  for (;;) {
    const { last } = pageEnd.get(setVersionId, after, pageSize) as { last: number | null };
    if (last === null) return;
    const items = page.all(repeats, setVersionId, after, last, candidateId) as MissingItem[];
    yield* items;
    after = last;
  }
}

export interface Coverage {
  replied: number;
  errors: number;
}

/** Replies and recorded errors of a candidate on a set version, counting samples below `repeats`. */
export function coverageOf(db: Db, candidateId: number, setVersionId: number, repeats: number): Coverage {
  const row = db
    .prepare(
      `SELECT COUNT(*) FILTER (WHERE r.error_class IS NULL) AS replied,
              COUNT(*) FILTER (WHERE r.error_class IS NOT NULL) AS errors
       FROM responses r JOIN probes p ON p.id = r.probe_row
       WHERE r.candidate_id = ? AND p.set_version_id = ? AND r.sample < ?`,
    )
    .get(candidateId, setVersionId, repeats) as { replied: number; errors: number };
  return row;
}

export interface FailureRow {
  probeId: string;
  sample: number;
  errorClass: string;
  errorMessage: string | null;
}

/** Recorded errors of a candidate on a set version, grouped by class then probe id. Streams. */
export function* failuresOf(db: Db, candidateId: number, setVersionId: number, repeats: number): Generator<FailureRow> {
  const stmt = db.prepare(
    `SELECT p.probe_id AS probeId, r.sample AS sample, r.error_class AS errorClass, r.error_message AS errorMessage
     FROM responses r JOIN probes p ON p.id = r.probe_row
     WHERE r.candidate_id = ? AND p.set_version_id = ? AND r.sample < ? AND r.error_class IS NOT NULL
     ORDER BY r.error_class, p.probe_id, r.sample`,
  );
  yield* stmt.iterate(candidateId, setVersionId, repeats) as IterableIterator<FailureRow>;
}

/**
 * Replies already stored per probe id for a named experiment/candidate on a set version (for
 * `run --dry-run`, which reads the store without writing). Streams.
 */
export function* storedRepliesByProbe(
  db: Db,
  experiment: string,
  candidate: string,
  setName: string,
  version: string,
  repeats: number,
): Generator<{ probeId: string; n: number }> {
  const stmt = db.prepare(
    `SELECT p.probe_id AS probeId, COUNT(*) AS n
     FROM experiments e JOIN candidates c ON c.experiment_id = e.id
     JOIN probe_set_versions v ON v.name = ? AND v.version = ?
     JOIN probes p ON p.set_version_id = v.id
     JOIN responses r ON r.candidate_id = c.id AND r.probe_row = p.id
     WHERE e.name = ? AND c.name = ? AND r.error_class IS NULL AND r.sample < ?
     GROUP BY p.probe_id`,
  );
  yield* stmt.iterate(setName, version, experiment, candidate, repeats) as IterableIterator<{ probeId: string; n: number }>;
}
