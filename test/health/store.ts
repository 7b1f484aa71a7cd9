import { openDb, type Db } from '../../src/store/db.js';
import { createRun, upsertExperiment } from '../../src/store/experiments.js';
import { upsertGrades, type GradeRow } from '../../src/store/grades.js';
import { saveProbeSetSnapshot } from '../../src/store/probesets.js';
import { createResponseWriter } from '../../src/store/responses.js';
import { recordsVersion } from '../../src/probes/canonical.js';
import { Plan } from '../../src/plan/schema.js';
import type { ProbeRecord } from '../../src/probes/schema.js';

/** Grades of one reply: the rule graders and judges that scored it (omitted = not graded). */
export interface SampleGrades {
  refusal?: 'refuse' | 'comply' | 'partial';
  answer?: 0 | 1;
  judgeRefusal?: 'refuse' | 'comply' | 'partial';
  judgeFactuality?: 0 | 1;
  /** A request that failed: no reply, no grade. */
  error?: true;
}

export interface RunSpec {
  candidate: string;
  /** Index into the versions given to buildHealthStore. */
  version: number;
  repeats: number;
  samples: Record<string, SampleGrades[]>;
}

const REFUSAL_SCORE = { refuse: 1, partial: 0.5, comply: 0 } as const;

/**
 * A store holding versions of set `core`, one experiment with the named candidates, and runs whose
 * replies carry exactly the grades given (written through the store's own functions). Runs get ids
 * in the order given: later runs are later evaluations.
 */
export function buildHealthStore(versions: ProbeRecord[][], candidates: string[], runs: RunSpec[], experiment = 'exp', db: Db = openDb(':memory:')): Db {
  const versionIds = versions.map((records) =>
    saveProbeSetSnapshot(db, { meta: { name: 'core', description: 'test set' }, version: recordsVersion(records), records }),
  );
  const plan = Plan.parse({
    name: experiment, probes: ['core'], endpoint: { base_url: 'http://127.0.0.1:9/v1' },
    candidates: candidates.map((name) => ({ name, model: name })),
  });
  const { candidates: stored } = upsertExperiment(db, plan, null, new Date('2024-01-01T00:00:00Z'));
  for (const run of runs) {
    const cand = stored.get(run.candidate)!;
    const setVersionId = versionIds[run.version]!;
    const rowOf = new Map((db.prepare('SELECT id, probe_id FROM probes WHERE set_version_id = ?').all(setVersionId) as { id: number; probe_id: string }[]).map((r) => [r.probe_id, r.id]));
    const runId = createRun(db, {
      candidateId: cand.id, setVersionId, repeats: run.repeats, expected: versions[run.version]!.length * run.repeats, subset: null,
      samplingJson: '{}', endpointUrl: 'http://127.0.0.1:9/v1', startedAt: new Date('2024-01-01T00:00:00Z'),
    });
    const writer = createResponseWriter(db, { batchSize: 10_000 });
    for (const [probeId, samples] of Object.entries(run.samples)) {
      samples.forEach((g, sample) => {
        writer.add({
          candidateId: cand.id, probeRow: rowOf.get(probeId)!, sample, runId, seed: sample, text: g.error ? null : 'reply',
          finishReason: g.error ? null : 'stop', latencyMs: 1, promptTokens: 1, completionTokens: 1, fingerprint: null, attempts: 1,
          errorClass: g.error ? 'server_error' : null, errorMessage: g.error ? 'HTTP 500' : null, createdAt: 0,
        });
      });
    }
    writer.close();
    const grades: GradeRow[] = [];
    const idOf = db.prepare('SELECT id FROM responses WHERE candidate_id = ? AND probe_row = ? AND sample = ?');
    for (const [probeId, samples] of Object.entries(run.samples)) {
      samples.forEach((g, sample) => {
        const { id } = idOf.get(cand.id, rowOf.get(probeId)!, sample) as { id: number };
        const add = (grader: string, label: string, score: number): void => {
          grades.push({ responseId: id, grader, version: 't', grade: { status: 'scored', label, score } });
        };
        if (g.refusal) add('refusal', g.refusal, REFUSAL_SCORE[g.refusal]);
        if (g.judgeRefusal) add('judge.refusal', g.judgeRefusal, REFUSAL_SCORE[g.judgeRefusal]);
        if (g.answer !== undefined) add('answer', g.answer ? 'correct' : 'incorrect', g.answer);
        if (g.judgeFactuality !== undefined) add('judge.factuality', g.judgeFactuality ? 'correct' : 'incorrect', g.judgeFactuality);
      });
    }
    upsertGrades(db, grades);
  }
  return db;
}
