/**
 * The per-candidate cache of what metrics read (migration 006): rows are kept under the candidate's
 * data version, which triggers bump on every write to its replies or grades, so a cached entry is
 * used only while nothing it was read from has changed.
 */
import type { Db } from './db.js';

export interface CacheKey {
  candidateId: number;
  setVersionId: number;
  repeats: number;
  /** Graders read (sorted, comma-joined): the totals query depends on which ones are present. */
  graders: string;
}

export interface CachedRows {
  dataVersion: number;
  totals: Buffer;
  groupsJson: string;
  samples: Buffer;
}

/** False for a store opened read-only before migration 006: it cannot have (or take) a cache. */
export function hasMetricCache(db: Db): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'metric_rows_cache'").get() !== undefined;
}

/** The current data version of a candidate (0 for one never written to). */
export function candidateDataVersion(db: Db, candidateId: number): number {
  const row = db.prepare('SELECT version FROM candidate_data_versions WHERE candidate_id = ?').get(candidateId) as { version: number } | undefined;
  return row?.version ?? 0;
}

/** The cached rows of `key` if they were read at `dataVersion`. */
export function cachedRows(db: Db, key: CacheKey, dataVersion: number): CachedRows | undefined {
  return db
    .prepare(
      `SELECT data_version AS dataVersion, totals, groups_json AS groupsJson, samples FROM metric_rows_cache
       WHERE candidate_id = ? AND set_version_id = ? AND repeats = ? AND graders = ? AND data_version = ?`,
    )
    .get(key.candidateId, key.setVersionId, key.repeats, key.graders, dataVersion) as CachedRows | undefined;
}

/** Stores entries in one transaction, replacing what was cached for the same keys. */
export function storeCachedRows(db: Db, entries: readonly { key: CacheKey; rows: CachedRows }[]): void {
  const stmt = db.prepare(
    `INSERT INTO metric_rows_cache (candidate_id, set_version_id, repeats, graders, data_version, totals, groups_json, samples)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (candidate_id, set_version_id, repeats, graders) DO UPDATE SET
       data_version = excluded.data_version, totals = excluded.totals, groups_json = excluded.groups_json, samples = excluded.samples`,
  );
  db.transaction(() => {
    for (const { key, rows } of entries) {
      stmt.run(key.candidateId, key.setVersionId, key.repeats, key.graders, rows.dataVersion, rows.totals, rows.groupsJson, rows.samples);
    }
  }).immediate();
}
