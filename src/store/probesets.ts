import { FaultError, InputError } from '../errors.js';
import { canonicalJson, recordsVersion } from '../probes/canonical.js';
import { ProbeRecord, ProbeSetMeta } from '../probes/schema.js';
import type { Db } from './db.js';

/** What a snapshot needs from a loaded set (kept structural so the store does not import the loader). */
export interface SnapshotSource {
  meta: ProbeSetMeta;
  version: string;
  records: readonly ProbeRecord[];
}

export interface SnapshotInfo {
  setVersionId: number;
  name: string;
  version: string;
  recordCount: number;
  createdAt: string;
}

export interface Snapshot extends SnapshotInfo {
  meta: ProbeSetMeta;
  /** Sorted by id. */
  records: ProbeRecord[];
}

export interface TagInfo {
  name: string;
  tag: string;
  version: string;
  createdAt: string;
}

interface VersionRow {
  id: number;
  name: string;
  version: string;
  meta_json: string;
  record_count: number;
  created_at: string;
}

/**
 * Stores a set version and every record of it, once: saving the same version again changes
 * nothing and returns the existing id. One transaction, so a crash never leaves half a snapshot.
 */
export function saveProbeSetSnapshot(db: Db, set: SnapshotSource, now: Date = new Date()): number {
  const find = db.prepare('SELECT id FROM probe_set_versions WHERE name = ? AND version = ?');
  const insertVersion = db.prepare(
    `INSERT INTO probe_set_versions (name, version, meta_json, record_count, created_at) VALUES (?, ?, ?, ?, ?)`,
  );
  const insertProbe = db.prepare(
    `INSERT INTO probes (set_version_id, probe_id, category, behavior, grp, lang, record_json)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const save = db.transaction((): number => {
    const existing = find.get(set.meta.name, set.version) as { id: number } | undefined;
    if (existing) return existing.id;
    const info = insertVersion.run(set.meta.name, set.version, canonicalJson(set.meta), set.records.length, now.toISOString());
    const id = Number(info.lastInsertRowid);
    for (const r of set.records) {
      insertProbe.run(id, r.id, r.category, r.expect.behavior, r.group ?? null, r.lang ?? null, canonicalJson(r));
    }
    return id;
  });
  return save.immediate();
}

/** Versions stored for one set (or all sets), oldest first. */
export function listSnapshots(db: Db, name?: string): SnapshotInfo[] {
  const rows = (
    name === undefined
      ? db.prepare('SELECT * FROM probe_set_versions ORDER BY name, id').all()
      : db.prepare('SELECT * FROM probe_set_versions WHERE name = ? ORDER BY id').all(name)
  ) as VersionRow[];
  return rows.map(toInfo);
}

/**
 * Reads a stored version back by a hex prefix of its version (4+ characters). Returns undefined
 * when none matches; an ambiguous prefix is a user mistake.
 */
export function loadSnapshot(db: Db, name: string, versionPrefix: string): Snapshot | undefined {
  if (!/^[0-9a-f]{4,64}$/.test(versionPrefix)) return undefined;
  const rows = db
    .prepare('SELECT * FROM probe_set_versions WHERE name = ? AND substr(version, 1, ?) = ? ORDER BY id')
    .all(name, versionPrefix.length, versionPrefix) as VersionRow[];
  if (rows.length === 0) return undefined;
  if (rows.length > 1) {
    const options = rows.map((r) => `${name}@${r.version.slice(0, 12)}`).join(', ');
    throw new InputError(`version prefix ${name}@${versionPrefix} is ambiguous: ${options}; give more characters`);
  }
  const row = rows[0] as VersionRow;
  const recordRows = db
    .prepare('SELECT record_json FROM probes WHERE set_version_id = ? ORDER BY probe_id')
    .all(row.id) as { record_json: string }[];
  const records = recordRows.map((r) => ProbeRecord.parse(JSON.parse(r.record_json)));
  // The snapshot is what old results are read against: a hash mismatch means the store was damaged.
  if (recordsVersion(records) !== row.version) {
    throw new FaultError(`store snapshot ${name}@${row.version.slice(0, 8)} does not match its version hash`);
  }
  return { ...toInfo(row), meta: ProbeSetMeta.parse(JSON.parse(row.meta_json)), records };
}

/** Points a tag at a version. Moving an existing tag to another version needs `move`. */
export function setTag(db: Db, name: string, tag: string, version: string, opts: { move?: boolean; now?: Date } = {}): void {
  const existing = resolveTag(db, name, tag);
  if (existing === version) return;
  if (existing !== undefined && !opts.move) {
    throw new InputError(
      `tag ${name}@${tag} already names version ${existing.slice(0, 8)}; pass --force to move it to ${version.slice(0, 8)}`,
    );
  }
  db.prepare(
    `INSERT INTO probe_set_tags (name, tag, version, created_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (name, tag) DO UPDATE SET version = excluded.version, created_at = excluded.created_at`,
  ).run(name, tag, version, (opts.now ?? new Date()).toISOString());
}

/** The full version a tag names, or undefined. */
export function resolveTag(db: Db, name: string, tag: string): string | undefined {
  const row = db.prepare('SELECT version FROM probe_set_tags WHERE name = ? AND tag = ?').get(name, tag) as
    | { version: string }
    | undefined;
  return row?.version;
}

export function listTags(db: Db, name?: string): TagInfo[] {
  const rows = (
    name === undefined
      ? db.prepare('SELECT * FROM probe_set_tags ORDER BY name, tag').all()
      : db.prepare('SELECT * FROM probe_set_tags WHERE name = ? ORDER BY tag').all(name)
  ) as { name: string; tag: string; version: string; created_at: string }[];
  return rows.map((r) => ({ name: r.name, tag: r.tag, version: r.version, createdAt: r.created_at }));
}

function toInfo(row: VersionRow): SnapshotInfo {
  return {
    setVersionId: row.id,
    name: row.name,
    version: row.version,
    recordCount: row.record_count,
    createdAt: row.created_at,
  };
}
