import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { FaultError } from '../../src/errors.js';
import { runPlan } from '../../src/runner/run-plan.js';
import { exitCodeForRun } from '../../src/runner/summary.js';
import type { FaultConfigInput } from '../../src/sim/scenario.js';
import type { Workspace } from '../../src/workspace.js';
import { useSimulator } from '../helpers/sim.js';
import { fastRetry, startSim, tempWorkspace, writePlan } from './helpers.js';

interface Counts {
  rows: number;
  distinct: number;
  errors: number;
  maxAttempts: number;
  retried: number;
}

function counts(ws: Workspace): Counts {
  const db = new Database(ws.storePath, { readonly: true });
  try {
    return db
      .prepare(
        `SELECT COUNT(*) AS rows,
                (SELECT COUNT(*) FROM (SELECT DISTINCT candidate_id, probe_row, sample FROM responses)) AS "distinct",
                COUNT(*) FILTER (WHERE error_class IS NOT NULL) AS errors,
                MAX(attempts) AS maxAttempts,
                COUNT(*) FILTER (WHERE attempts > 1) AS retried
         FROM responses`,
      )
      .get() as Counts;
  } finally {
    db.close();
  }
}

describe('runner against a faulty simulator', () => {
  const sims = useSimulator();

  const cases: [string, FaultConfigInput, string][] = [
    ['429 with Retry-After', { rate_limit: 0.3, retry_after_ms: 40 }, '429'],
    ['transient 500', { server_error: 0.3 }, '500'],
    ['hang (timeout)', { hang: 0.15 }, 'hang'],
    ['connection reset', { reset: 0.3 }, 'reset'],
    ['malformed JSON body', { malformed: 0.3 }, '200'],
    ['wrong shape (no choices)', { wrong_shape: 0.3 }, '200'],
  ];

  for (const [label, faults, statKey] of cases) {
    it(`${label}: 100% coverage, no duplicates, bounded attempts`, async () => {
      const sim = await sims.start(startSim(faults));
      const t = sims.temp(tempWorkspace());
      const plan = writePlan(t.ws, { baseUrl: sim.url, repeats: 2, concurrency: 6 });
      const summary = await runPlan(plan, { workspace: t.ws, tuning: { retry: fastRetry, timeoutMs: 400 } });
      expect(summary.outcome).toBe('complete');
      expect(exitCodeForRun(summary)).toBe(0);
      const c = counts(t.ws);
      expect(c).toMatchObject({ rows: 48, distinct: 48, errors: 0 });
      expect(c.retried).toBeGreaterThan(0); // the fault really fired and was retried
      expect(c.maxAttempts).toBeLessThanOrEqual(fastRetry.maxAttempts);
      expect(sim.stats().byStatus[statKey]).toBeGreaterThan(0);
      expect(summary.candidates.reduce((n, x) => n + x.retries, 0)).toBe(sim.stats().requests - 48);
    });
  }

  it('a persistently failing probe is recorded, listed by id, exit 4; a resume replaces it, never duplicates', async () => {
    const sim = await sims.start(startSim({ fail_probes: ['fact-b'] }));
    const t = sims.temp(tempWorkspace());
    const plan = writePlan(t.ws, { baseUrl: sim.url, repeats: 2 });
    const retry = { ...fastRetry, maxAttempts: 3 };
    const first = await runPlan(plan, { workspace: t.ws, tuning: { retry } });
    expect(first.outcome).toBe('partial');
    expect(exitCodeForRun(first)).toBe(4);
    for (const c of first.candidates) {
      expect(c).toMatchObject({ expected: 24, replied: 22, errors: 2, status: 'partial' });
      expect(c.failures).toEqual([{ errorClass: 'server_error', count: 2, probes: ['fact-b'], example: expect.stringContaining('HTTP 500') }]);
    }
    expect(counts(t.ws)).toMatchObject({ rows: 48, distinct: 48, errors: 4, maxAttempts: 3 });

    const second = await runPlan(plan, { workspace: t.ws, tuning: { retry } });
    expect(second.candidates.map((c) => c.sent)).toEqual([2, 2]); // only the failures were sent again
    // Same rows, attempts add up across resumes.
    expect(counts(t.ws)).toMatchObject({ rows: 48, distinct: 48, errors: 4, maxAttempts: 6 });
  });

  it('a 401 stops the run with a message naming the variable, never the key', async () => {
    const sim = await sims.start(startSim({}, { require_key: 'the-right-test-key' }));
    const t = sims.temp(tempWorkspace());
    const plan = writePlan(t.ws, { baseUrl: sim.url, apiKeyEnv: 'SP_TEST_KEY' });
    const env = { SP_TEST_KEY: 'sk-test-SECRET-123' };
    const err = await runPlan(plan, { workspace: t.ws, env, tuning: { retry: fastRetry } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FaultError);
    expect((err as Error).message).toBe(`endpoint ${sim.url} rejected the API key from $SP_TEST_KEY (HTTP 401)`);
    expect((err as Error).message).not.toContain('SECRET');
    expect(sim.stats().requests).toBeLessThanOrEqual(8); // stopped at once, not retried probe by probe
  });

  it('a missing key variable is an input error naming the variable', async () => {
    const sim = await sims.start(startSim());
    const t = sims.temp(tempWorkspace());
    const plan = writePlan(t.ws, { baseUrl: sim.url, apiKeyEnv: 'SP_TEST_KEY_UNSET' });
    await expect(runPlan(plan, { workspace: t.ws, env: {} })).rejects.toThrow(/\$SP_TEST_KEY_UNSET, which is not set/);
    expect(sim.stats().requests).toBe(0);
  });

  it('an endpoint that refuses every connection stops the run with a clear fault, not one error per probe', async () => {
    const dead = await startSim();
    const url = dead.url;
    await dead.close(); // nothing listens on this port any more
    const t = sims.temp(tempWorkspace());
    const plan = writePlan(t.ws, { baseUrl: url, repeats: 2, concurrency: 4 });
    const err = await runPlan(plan, { workspace: t.ws, tuning: { retry: fastRetry } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FaultError);
    expect((err as Error).message).toMatch(new RegExp(`^cannot reach ${url.replace(/[.]/g, '\\.')}: 8 probe-samples in a row failed to connect \\(6 attempts each; last: connection failed: ECONNREFUSED\\)`));
    const c = counts(t.ws);
    expect(c.errors).toBeGreaterThanOrEqual(8); // what failed is recorded, and a rerun sends it again
    expect(c.rows).toBeLessThan(48);
  });

  it('a 404 names the model and the base URL', async () => {
    const sim = await sims.start(startSim());
    const t = sims.temp(tempWorkspace());
    const plan = writePlan(t.ws, { baseUrl: sim.url, candidates: [{ name: 'typo', model: 'bsae' }] });
    await expect(runPlan(plan, { workspace: t.ws, tuning: { retry: fastRetry } })).rejects.toThrow(
      `endpoint ${sim.url} answered 404 for model "bsae": check the model name and base_url (it usually ends in /v1)`,
    );
  });
});
