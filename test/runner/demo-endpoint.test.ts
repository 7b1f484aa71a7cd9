// `stoppoint demo` stores `sim://demo` instead of its simulator's loopback URL, which dies with the
// demo (issue 8 follow-up). What a `sim://` endpoint means afterwards: the judge is the simulated
// judge run in-process (grading works without a server); a candidate endpoint is refused clearly.
import { describe, expect, it } from 'vitest';
import { gradeExperiment } from '../../src/graders/grade-experiment.js';
import { Plan } from '../../src/plan/schema.js';
import { connect } from '../../src/runner/jobs.js';
import { DEMO_ENDPOINT } from '../../src/sim/in-process.js';
import { openWorkspace, packageRoot } from '../../src/workspace.js';
import { injectionRows, probeFor } from '../graders/injection-corpus.js';
import { buildStore } from '../metrics/store-builder.js';

describe('sim://demo endpoints', () => {
  it('a sim:// judge grades in-process, as the simulator over HTTP does (by the true labels)', async () => {
    const records = injectionRows.map(probeFor);
    const replies = { cand: Object.fromEntries(injectionRows.map((r) => [r.id, [r.reply]])) };
    const plan = {
      name: 'inject', probes: ['core'], endpoint: { base_url: DEMO_ENDPOINT }, concurrency: 4,
      judge: { base_url: DEMO_ENDPOINT, model: 'sim-judge' }, candidates: [{ name: 'cand', model: 'm0' }],
    };
    const { db } = buildStore(records, plan, replies);
    const t0 = performance.now();
    const summary = await gradeExperiment(db, openWorkspace(packageRoot), 'inject', {});
    const byName = Object.fromEntries(summary.graders.map((g) => [g.grader, g]));
    expect(byName['judge.factuality']).toMatchObject({ scored: 19, errors: 0, judgeCalls: 19 });
    expect(byName['judge.refusal']).toMatchObject({ scored: 12, errors: 0, judgeCalls: 12 });
    expect(performance.now() - t0).toBeLessThan(10_000); // no connection attempts, no retry waits
    const got = new Map(
      (
        db
          .prepare(
            `SELECT p.probe_id AS id, g.label AS label FROM grades g JOIN responses r ON r.id = g.response_id
             JOIN probes p ON p.id = r.probe_row WHERE g.grader IN ('judge.factuality', 'judge.refusal') AND g.status = 'scored'`,
          )
          .all() as { id: string; label: string }[]
      ).map((l) => [l.id, l.label]),
    );
    expect(injectionRows.filter((r) => got.get(r.id) !== r.true_label).map((r) => r.id)).toEqual([]);
  });

  it('a sim:// candidate endpoint is refused before anything is sent, saying what it is', () => {
    const plan = Plan.parse({ name: 'p', probes: ['core'], endpoint: { base_url: DEMO_ENDPOINT }, candidates: [{ name: 'a', model: 'm' }] });
    expect(() => connect(plan, plan.candidates, {}, {})).toThrow(
      'endpoint sim://demo is the simulator `stoppoint demo` runs for itself; to evaluate against the simulator, start `stoppoint sim`',
    );
  });
});
