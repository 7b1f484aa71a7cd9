import { describe, expect, it, vi } from 'vitest';
import { Plan } from '../../src/plan/schema.js';
import { openDb, type Db } from '../../src/store/db.js';
import { createRun, upsertExperiment } from '../../src/store/experiments.js';
import { saveProbeSetSnapshot } from '../../src/store/probesets.js';
import { coverageOf, createResponseWriter, missingWork, type ResponseRow } from '../../src/store/responses.js';
import type { ProbeRecord } from '../../src/probes/schema.js';

const records: ProbeRecord[] = Array.from({ length: 7 }, (_, i) => ({
  id: `p-${String(i).padStart(2, '0')}`,
  category: 'factuality',
  prompt: `question ${i}?`,
  expect: { behavior: 'answer', answer: 'x', match: 'contains' },
}));

function setup(): { db: Db; candidateId: number; setVersionId: number; runId: number; probeRows: number[] } {
  const db = openDb(':memory:');
  const plan = Plan.parse({
    name: 'exp', probes: ['s'], endpoint: { base_url: 'http://127.0.0.1:9/v1' },
    candidates: [{ name: 'a', model: 'm' }, { name: 'b', model: 'm2' }],
  });
  const { candidates } = upsertExperiment(db, plan, null, new Date(0));
  const setVersionId = saveProbeSetSnapshot(db, { meta: { name: 's', description: 'd' }, version: 'f'.repeat(64), records });
  const candidateId = candidates.get('a')!.id;
  const runId = createRun(db, {
    candidateId, setVersionId, repeats: 3, expected: 21, subset: null, samplingJson: '{}', endpointUrl: 'x', startedAt: new Date(0),
  });
  const probeRows = (db.prepare('SELECT id FROM probes ORDER BY id').all() as { id: number }[]).map((r) => r.id);
  return { db, candidateId, setVersionId, runId, probeRows };
}

const row = (base: Pick<ResponseRow, 'candidateId' | 'probeRow' | 'sample' | 'runId'>, extra: Partial<ResponseRow> = {}): ResponseRow => ({
  seed: base.sample, text: 'ok', finishReason: 'stop', latencyMs: 1, promptTokens: 1, completionTokens: 1, fingerprint: null,
  attempts: 1, errorClass: null, errorMessage: null, createdAt: 0, ...base, ...extra,
});

describe('response store', () => {
  it('missingWork lists every (probe, sample) without a reply, across pages; errors count as missing', () => {
    const { db, candidateId, setVersionId, runId, probeRows } = setup();
    expect([...missingWork(db, candidateId, setVersionId, 3, 2)]).toHaveLength(21);
    const w = createResponseWriter(db, { batchSize: 1000 });
    w.add(row({ candidateId, probeRow: probeRows[0]!, sample: 0, runId }));
    w.add(row({ candidateId, probeRow: probeRows[0]!, sample: 1, runId }, { text: null, errorClass: 'timeout', errorMessage: 't' }));
    w.add(row({ candidateId, probeRow: probeRows[6]!, sample: 2, runId }));
    w.flush();
    const missing = [...missingWork(db, candidateId, setVersionId, 3, 2)];
    expect(missing).toHaveLength(19);
    expect(missing.slice(0, 3).map((m) => [m.probeId, m.sample])).toEqual([['p-00', 1], ['p-00', 2], ['p-01', 0]]);
    expect(coverageOf(db, candidateId, setVersionId, 3)).toEqual({ replied: 2, errors: 1 });
  });

  it('an error row is replaced in place (same id, attempts add up, its grades dropped); a reply is never overwritten', () => {
    const { db, candidateId, runId, probeRows } = setup();
    const w = createResponseWriter(db);
    const key = { candidateId, probeRow: probeRows[1]!, sample: 0, runId };
    w.add(row(key, { text: null, errorClass: 'server_error', errorMessage: 'HTTP 500', attempts: 6 }));
    w.flush();
    const { id } = db.prepare('SELECT id FROM responses').get() as { id: number };
    db.prepare("INSERT INTO grades (response_id, grader, grader_version, status, detail) VALUES (?, 'g', '1', 'error', 'no text')").run(id);
    w.add(row(key, { text: 'fixed', attempts: 2 }));
    w.flush();
    w.add(row(key, { text: 'must not win', attempts: 1 }));
    w.flush();
    expect(db.prepare('SELECT id, text, attempts, error_class AS e FROM responses').all()).toEqual([{ id, text: 'fixed', attempts: 8, e: null }]);
    expect(db.prepare('SELECT COUNT(*) AS n FROM grades').get()).toEqual({ n: 0 });
  });

  it('commits by count and by time, one transaction per batch', () => {
    vi.useFakeTimers();
    try {
      const { db, candidateId, runId, probeRows } = setup();
      const w = createResponseWriter(db, { batchSize: 3, flushMs: 250 });
      const count = (): number => (db.prepare('SELECT COUNT(*) AS n FROM responses').get() as { n: number }).n;
      for (let s = 0; s < 3; s++) w.add(row({ candidateId, probeRow: probeRows[2]!, sample: s, runId }));
      expect(count()).toBe(3); // by count
      w.add(row({ candidateId, probeRow: probeRows[3]!, sample: 0, runId }));
      expect(count()).toBe(3);
      vi.advanceTimersByTime(249);
      expect(count()).toBe(3);
      vi.advanceTimersByTime(1);
      expect(count()).toBe(4); // by time
      expect(w.committed).toBe(4);
    } finally {
      vi.useRealTimers();
    }
  });

  it('upserting an experiment keeps candidates that left the plan', () => {
    const { db } = setup();
    const plan = Plan.parse({
      name: 'exp', probes: ['s'], endpoint: { base_url: 'http://127.0.0.1:9/v1' }, candidates: [{ name: 'c', model: 'm3' }],
    });
    const { candidates } = upsertExperiment(db, plan, null, new Date(1));
    expect([...candidates.keys()]).toEqual(['c']);
    expect(db.prepare('SELECT name, ordinal FROM candidates ORDER BY id').all()).toEqual([
      { name: 'a', ordinal: 0 },
      { name: 'b', ordinal: 1 },
      { name: 'c', ordinal: 0 },
    ]);
  });
});
