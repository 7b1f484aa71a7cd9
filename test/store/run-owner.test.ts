// Telling a `running` run whose process died from one still going on (issue 8 follow-up): the
// rules, with every owner staged through an injected clock, host and pid check.
import { describe, expect, it } from 'vitest';
import { Plan } from '../../src/plan/schema.js';
import { openDb, type Db } from '../../src/store/db.js';
import { createRun, finishRun, upsertExperiment } from '../../src/store/experiments.js';
import { saveProbeSetSnapshot } from '../../src/store/probesets.js';
import { beatRuns, reapAbandonedRuns, STALE_AFTER_MS, type Liveness, type RunOwner } from '../../src/store/run-owner.js';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const HERE = 'box-a';
const DEAD_PID = 4242;
const LIVE_PID = 1717;
const live: Liveness = { now: NOW, host: HERE, alive: (pid) => pid !== DEAD_PID };

function store(): { db: Db; addRun: (owner: RunOwner | null, lastBeatMsAgo: number) => number } {
  const db = openDb(':memory:');
  const plan = Plan.parse({ name: 'e', probes: ['s'], endpoint: { base_url: 'http://127.0.0.1:9/v1' }, candidates: [{ name: 'a', model: 'm' }] });
  const { candidates } = upsertExperiment(db, plan, null, new Date(NOW));
  const setVersionId = saveProbeSetSnapshot(db, { meta: { name: 's', description: 'd' }, version: 'f'.repeat(64), records: [] });
  const addRun = (owner: RunOwner | null, lastBeatMsAgo: number): number => {
    const startedAt = new Date(NOW - lastBeatMsAgo);
    const base = { candidateId: candidates.get('a')!.id, setVersionId, repeats: 1, expected: 0, subset: null, samplingJson: '{}', endpointUrl: 'x', startedAt };
    const id = createRun(db, owner ? { ...base, owner } : base);
    // A row written before migration 005 has no owner and no heartbeat.
    if (!owner) db.prepare('UPDATE runs SET owner_pid = NULL, owner_host = NULL, heartbeat_at = NULL WHERE id = ?').run(id);
    return id;
  };
  return { db, addRun };
}

const statusOf = (db: Db, id: number): { status: string; finished_at: string | null } =>
  db.prepare('SELECT status, finished_at FROM runs WHERE id = ?').get(id) as { status: string; finished_at: string | null };

describe('abandoned runs', () => {
  it('a dead owner on this host is interrupted at once; a live one is left running', () => {
    const { db, addRun } = store();
    const dead = addRun({ pid: DEAD_PID, host: HERE }, 1_000);
    const alive = addRun({ pid: LIVE_PID, host: HERE }, 1_000);
    expect(reapAbandonedRuns(db, live)).toEqual([dead]);
    // finished at its last sign of life, not at the moment somebody noticed
    expect(statusOf(db, dead)).toEqual({ status: 'interrupted', finished_at: new Date(NOW - 1_000).toISOString() });
    expect(statusOf(db, alive)).toEqual({ status: 'running', finished_at: null });
    expect(reapAbandonedRuns(db, live)).toEqual([]); // nothing left to do: no write
  });

  it('a stale heartbeat ends a live pid (reused) and a run on another host; a fresh one does not', () => {
    const { db, addRun } = store();
    const reused = addRun({ pid: LIVE_PID, host: HERE }, STALE_AFTER_MS + 1);
    const elsewhereStale = addRun({ pid: DEAD_PID, host: 'box-b' }, STALE_AFTER_MS + 1);
    // Another host's pid means nothing here: a pid that is dead on this host is no evidence.
    const elsewhereFresh = addRun({ pid: DEAD_PID, host: 'box-b' }, STALE_AFTER_MS - 1);
    expect(reapAbandonedRuns(db, live).sort()).toEqual([reused, elsewhereStale].sort());
    expect(statusOf(db, elsewhereFresh).status).toBe('running');
  });

  it('rows from before the owner columns go by their start time', () => {
    const { db, addRun } = store();
    const old = addRun(null, STALE_AFTER_MS + 1);
    const recent = addRun(null, 5_000);
    expect(reapAbandonedRuns(db, live)).toEqual([old]);
    expect(statusOf(db, recent).status).toBe('running');
  });

  it('finished runs are never touched', () => {
    const { db, addRun } = store();
    const done = addRun({ pid: DEAD_PID, host: HERE }, 1_000);
    finishRun(db, done, 'complete', new Date(NOW));
    expect(reapAbandonedRuns(db, live)).toEqual([]);
    expect(statusOf(db, done).status).toBe('complete');
  });

  it('a heartbeat keeps a run alive, and revives one wrongly taken for dead', () => {
    const { db, addRun } = store();
    const id = addRun({ pid: LIVE_PID, host: HERE }, STALE_AFTER_MS + 1);
    beatRuns(db, [id], NOW);
    expect(reapAbandonedRuns(db, live)).toEqual([]);
    // Its owner was suspended past the limit: taken for dead…
    expect(reapAbandonedRuns(db, { ...live, now: NOW + STALE_AFTER_MS + 1 })).toEqual([id]);
    // …until its next beat shows it alive.
    beatRuns(db, [id], NOW + STALE_AFTER_MS + 2);
    expect(statusOf(db, id)).toEqual({ status: 'running', finished_at: null });
    // A run whose ending was recorded stays ended.
    finishRun(db, id, 'complete', new Date(NOW));
    beatRuns(db, [id], NOW + STALE_AFTER_MS + 3);
    expect(statusOf(db, id).status).toBe('complete');
  });
});
