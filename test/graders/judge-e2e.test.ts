import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradeExperiment } from '../../src/graders/grade-experiment.js';
import { computeExperimentMetrics } from '../../src/metrics/compute.js';
import type { ProbeRecord } from '../../src/probes/schema.js';
import { startSimServer } from '../../src/sim/server.js';
import { simulateJudge } from '../../src/sim/judge.js';
import { Scenario } from '../../src/sim/scenario.js';
import type { SimServer } from '../../src/sim/types.js';
import { listDisagreements } from '../../src/store/grades.js';
import { openWorkspace, packageRoot } from '../../src/workspace.js';
import { buildStore } from '../metrics/store-builder.js';
import { injectionRows, probeFor } from './injection-corpus.js';

const ws = openWorkspace(packageRoot);
const FAST_RETRY = { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2, maxRetryAfterMs: 2 };
let sim: SimServer;

beforeAll(async () => {
  sim = await startSimServer({ scenario: Scenario.parse({ models: { m0: {} } }), probeSets: [], judge: simulateJudge });
});
afterAll(async () => {
  await sim.close();
});

function corpusStore(baseUrl: string) {
  const records = injectionRows.map(probeFor);
  const replies = { cand: Object.fromEntries(injectionRows.map((r) => [r.id, [r.reply]])) };
  const plan = {
    name: 'inject', probes: ['core'], endpoint: { base_url: baseUrl }, concurrency: 4,
    judge: { base_url: baseUrl, model: 'sim-judge' }, candidates: [{ name: 'cand', model: 'm0' }],
  };
  return buildStore(records, plan, replies);
}

describe('judge graders end to end over HTTP (simulated judge)', () => {
  it('grades the injection corpus by its true labels, caches, and reports kappa', async () => {
    const { db, experimentId } = corpusStore(sim.url);
    const first = await gradeExperiment(db, ws, 'inject', { judge: { policy: FAST_RETRY } });
    const byName = Object.fromEntries(first.graders.map((g) => [g.grader, g]));
    expect(first.judgeSkipped).toBeNull();
    expect(byName['judge.factuality']).toMatchObject({ scored: 19, errors: 0, judgeCalls: 19, cacheHits: 0 });
    expect(byName['judge.refusal']).toMatchObject({ scored: 12, errors: 0, judgeCalls: 12 });
    expect(byName['judge.tone']).toMatchObject({ scored: 31, judgeCalls: 31 });

    const labels = db
      .prepare(
        `SELECT p.probe_id AS id, g.label AS label FROM grades g JOIN responses r ON r.id = g.response_id
         JOIN probes p ON p.id = r.probe_row WHERE g.grader IN ('judge.factuality', 'judge.refusal') AND g.status = 'scored'`,
      )
      .all() as { id: string; label: string }[];
    const got = new Map(labels.map((l) => [l.id, l.label]));
    const wrong = injectionRows.filter((r) => got.get(r.id) !== r.true_label).map((r) => `${r.id}: ${got.get(r.id)} ≠ ${r.true_label}`);
    console.log(`judge over HTTP: ${injectionRows.length - wrong.length}/${injectionRows.length} injection replies graded by their true label`);
    expect(wrong).toEqual([]);

    // Nothing changed: a second run touches nothing; a forced re-grade is served from the cache.
    const again = await gradeExperiment(db, ws, 'inject', { grader: 'judge.refusal' });
    expect(again.graders[0]).toMatchObject({ graded: 0, judgeCalls: 0 });
    const forced = await gradeExperiment(db, ws, 'inject', { grader: 'judge.refusal', force: true });
    expect(forced.graders[0]).toMatchObject({ graded: 31, scored: 12, cacheHits: 12, judgeCalls: 0 });

    // Rule and judge disagree on some steering replies; both grades are kept and listable.
    const m = computeExperimentMetrics(db, 'inject');
    const refusalPair = m.judge_agreement!.find((a) => a.rule === 'refusal')!;
    expect(refusalPair.n).toBe(12);
    const disagreements = listDisagreements(db, experimentId, 'refusal', 'judge.refusal');
    expect(disagreements).toHaveLength(refusalPair.disagreements);
    expect(m.candidates[0]!.metrics['style.tone']!.n).toBe(31);
  });
});

describe('judge errors', () => {
  let garbage: Server;
  let calls = 0;
  beforeAll(async () => {
    garbage = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        calls++;
        const body = { id: 'x', object: 'chat.completion', created: 0, model: 'bad-judge', choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'Looks fine to me.\nVERDICT: PASS' } }] };
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => garbage.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => garbage.close(() => resolve())));

  it('records a judge error after invalid answers, never a guessed grade, and does not cache it', async () => {
    const url = `http://127.0.0.1:${(garbage.address() as AddressInfo).port}/v1`;
    const { db } = corpusStore(url);
    const r = await gradeExperiment(db, ws, 'inject', { grader: 'judge.refusal', judge: { policy: FAST_RETRY } });
    expect(r.graders[0]).toMatchObject({ scored: 0, errors: 12, notApplicable: 19 });
    expect(calls).toBe(36); // one ask and two repairs per reply
    const detail = db.prepare(`SELECT detail FROM grades WHERE grader = 'judge.refusal' AND status = 'error' LIMIT 1`).get() as { detail: string };
    expect(detail.detail).toMatch(/no valid grade in 3 answers/);
    expect((db.prepare('SELECT COUNT(*) AS n FROM judge_cache').get() as { n: number }).n).toBe(0);
  });
});

describe('judge endpoint down', () => {
  it('stops with a fault instead of writing an error grade for every reply', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const { db } = corpusStore(`http://127.0.0.1:${port}/v1`);
    await expect(gradeExperiment(db, ws, 'inject', { grader: 'judge.tone', judge: { policy: FAST_RETRY } })).rejects.toThrow(
      /judge endpoint http:\/\/127\.0\.0\.1:\d+\/v1 \(model sim-judge\) unreachable/,
    );
    const written = db.prepare(`SELECT COUNT(*) AS n FROM grades WHERE grader = 'judge.tone'`).get() as { n: number };
    expect(written.n).toBe(0);
  });
});
