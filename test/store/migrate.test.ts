import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate, openDb, schemaVersion } from '../../src/store/db.js';
import { tempDir } from '../helpers/tmp.js';

const migrationFiles = readdirSync(join(import.meta.dirname, '../../src/store/migrations')).filter((f) => /^\d{3}_.+\.sql$/.test(f)).sort();
const latest = Number(migrationFiles[migrationFiles.length - 1]?.slice(0, 3));

const tables = (db: ReturnType<typeof openDb>): string[] =>
  (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);

describe('migrations', () => {
  it('apply in order on an empty database, each recorded once', () => {
    const path = join(tempDir(), 'runs', 'stoppoint.sqlite');
    const db = openDb(path);
    const recorded = db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all() as { version: number; name: string }[];
    expect(recorded.map((r) => r.name)).toEqual(migrationFiles);
    expect(schemaVersion(db)).toBe(latest);
    expect(tables(db)).toEqual(
      expect.arrayContaining(['probe_set_versions', 'probe_set_tags', 'probes', 'experiments', 'candidates', 'runs', 'responses', 'grades', 'train_metrics']),
    );
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('do nothing on a database already at the latest version, and keep its data', () => {
    const path = join(tempDir(), 'stoppoint.sqlite');
    const first = openDb(path);
    first
      .prepare('INSERT INTO probe_set_versions (name, version, meta_json, record_count, created_at) VALUES (?, ?, ?, ?, ?)')
      .run('s', 'ab'.repeat(32), '{}', 0, '2024-01-01T00:00:00.000Z');
    first.close();

    const again = openDb(path);
    expect(migrate(again)).toEqual([]);
    expect(schemaVersion(again)).toBe(latest);
    const count = again.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get() as { n: number };
    expect(count.n).toBe(migrationFiles.length);
    expect(again.prepare('SELECT name FROM probe_set_versions').all()).toEqual([{ name: 's' }]);
    again.close();
  });
});
