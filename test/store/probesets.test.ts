import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { loadProbeSetDir } from '../../src/probes/load.js';
import { openDb } from '../../src/store/db.js';
import { listSnapshots, listTags, loadSnapshot, resolveTag, saveProbeSetSnapshot, setTag } from '../../src/store/probesets.js';
import { tempDir } from '../helpers/tmp.js';

const good = (): ReturnType<typeof loadProbeSetDir> => loadProbeSetDir(join('test/fixtures/probes/good'));
const at = new Date('2024-05-01T12:00:00.000Z');

describe('probe-set snapshots', () => {
  it('round-trip: what is saved reads back identical, by a version prefix', () => {
    const db = openDb(join(tempDir(), 's.sqlite'));
    const set = good();
    const id = saveProbeSetSnapshot(db, set, at);
    const snap = loadSnapshot(db, 'good', set.shortVersion);
    expect(snap?.records).toEqual(set.records);
    expect(snap?.meta).toEqual(set.meta);
    expect(snap).toMatchObject({ setVersionId: id, name: 'good', version: set.version, recordCount: 6, createdAt: at.toISOString() });
    const rows = db.prepare('SELECT probe_id, category, behavior, grp, lang FROM probes WHERE set_version_id = ? ORDER BY probe_id').all(id);
    expect(rows[1]).toEqual({ probe_id: 'cons-1a', category: 'consistency', behavior: 'answer', grp: 'boil', lang: 'en' });
    db.close();
  });

  it('saving the same version again is a no-op returning the same id', () => {
    const db = openDb(join(tempDir(), 's.sqlite'));
    const set = good();
    const a = saveProbeSetSnapshot(db, set, at);
    const b = saveProbeSetSnapshot(db, set, new Date());
    expect(b).toBe(a);
    expect(listSnapshots(db)).toHaveLength(1);
    expect((db.prepare('SELECT COUNT(*) AS n FROM probes').get() as { n: number }).n).toBe(6);
    db.close();
  });

  it('keeps several versions apart and finds none for an unknown prefix', () => {
    const db = openDb(join(tempDir(), 's.sqlite'));
    const set = good();
    const changed = { ...set, version: 'f'.repeat(64), records: set.records.slice(1) };
    saveProbeSetSnapshot(db, set, at);
    // A hand-made version string: loading it back must detect that the records do not hash to it.
    saveProbeSetSnapshot(db, changed, at);
    expect(listSnapshots(db, 'good').map((s) => s.recordCount)).toEqual([6, 5]);
    expect(loadSnapshot(db, 'good', '0000')).toBeUndefined();
    expect(() => loadSnapshot(db, 'good', 'ffff')).toThrow(/does not match its version hash/);
    db.close();
  });

  it('an ambiguous prefix is a user error', () => {
    const db = openDb(join(tempDir(), 's.sqlite'));
    const set = good();
    saveProbeSetSnapshot(db, { ...set, version: 'abcd1111' + '0'.repeat(56) }, at);
    saveProbeSetSnapshot(db, { ...set, version: 'abcd2222' + '0'.repeat(56) }, at);
    expect(() => loadSnapshot(db, 'good', 'abcd')).toThrow(InputError);
    db.close();
  });
});

describe('tags', () => {
  it('round-trip, list, and refuse to move without `move`', () => {
    const db = openDb(join(tempDir(), 's.sqlite'));
    const v1 = 'a'.repeat(64);
    const v2 = 'b'.repeat(64);
    setTag(db, 'core', 'v1', v1, { now: at });
    setTag(db, 'core', 'v1', v1, { now: at }); // same target: fine
    expect(resolveTag(db, 'core', 'v1')).toBe(v1);
    expect(resolveTag(db, 'core', 'v2')).toBeUndefined();
    expect(() => setTag(db, 'core', 'v1', v2)).toThrow(/already names version aaaaaaaa; pass --force/);
    setTag(db, 'core', 'v1', v2, { move: true, now: at });
    setTag(db, 'other', 'v1', v1, { now: at });
    expect(listTags(db, 'core')).toEqual([{ name: 'core', tag: 'v1', version: v2, createdAt: at.toISOString() }]);
    expect(listTags(db).map((t) => `${t.name}@${t.tag}`)).toEqual(['core@v1', 'other@v1']);
    db.close();
  });
});
