import { openDb, type Db } from '../../src/store/db.js';
import { createRun, upsertExperiment } from '../../src/store/experiments.js';
import { saveProbeSetSnapshot } from '../../src/store/probesets.js';
import { createResponseWriter } from '../../src/store/responses.js';
import { recordsVersion } from '../../src/probes/canonical.js';
import { Plan, type PlanInput } from '../../src/plan/schema.js';
import type { ProbeRecord } from '../../src/probes/schema.js';

/** A reply text, or null for a request whose attempts all failed. */
export type Reply = string | null;

/**
 * Builds a store through the store functions: one probe set, the plan's experiment and candidates,
 * one run per candidate, and the given replies (candidate → probe id → one entry per sample).
 */
export function buildStore(
  records: ProbeRecord[],
  plan: PlanInput,
  replies: Record<string, Record<string, Reply[]>>,
  path = ':memory:',
): { db: Db; experimentId: number } {
  const db = openDb(path);
  const parsed = Plan.parse(plan);
  const setVersionId = saveProbeSetSnapshot(db, {
    meta: { name: 'core', description: 'test set' },
    version: recordsVersion(records),
    records,
  });
  const { experimentId, candidates } = upsertExperiment(db, parsed, null, new Date('2024-01-01T00:00:00Z'));
  const rowOf = new Map(
    (db.prepare('SELECT id, probe_id FROM probes WHERE set_version_id = ?').all(setVersionId) as { id: number; probe_id: string }[]).map(
      (r) => [r.probe_id, r.id],
    ),
  );
  const writer = createResponseWriter(db, { batchSize: 1000 });
  for (const [name, byProbe] of Object.entries(replies)) {
    const cand = candidates.get(name);
    if (!cand) throw new Error(`no candidate ${name}`);
    const runId = createRun(db, {
      candidateId: cand.id, setVersionId, repeats: parsed.repeats, expected: records.length * parsed.repeats, subset: null,
      samplingJson: '{}', endpointUrl: parsed.endpoint.base_url, startedAt: new Date('2024-01-01T00:00:00Z'),
    });
    for (const [probeId, samples] of Object.entries(byProbe)) {
      samples.forEach((text, sample) => {
        writer.add({
          candidateId: cand.id, probeRow: rowOf.get(probeId)!, sample, runId, seed: sample, text,
          finishReason: text === null ? null : 'stop', latencyMs: 1, promptTokens: 1, completionTokens: 1, fingerprint: null,
          attempts: 1, errorClass: text === null ? 'server_error' : null, errorMessage: text === null ? 'HTTP 500' : null,
          createdAt: 0,
        });
      });
    }
  }
  writer.close();
  return { db, experimentId };
}
