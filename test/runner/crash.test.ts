import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { useSimulator } from '../helpers/sim.js';
import { integrityCheck, responseSet, runCli, startCli, storedReplies, waitFor } from './cli-helpers.js';
import { startSim, tempWorkspace, writePlan } from './helpers.js';

const REPEATS = 8; // 12 probes × 8 samples × 2 candidates = 192 replies
const TOTAL = 12 * REPEATS * 2;

describe('crash safety of `stoppoint run`', () => {
  const sims = useSimulator();

  it('kill -9 at two points, then resume: exactly the reply set of an uninterrupted run', async () => {
    const sim = await sims.start(startSim({ latency_ms: 25 }));
    const clean = sims.temp(tempWorkspace());
    const crashed = sims.temp(tempWorkspace());

    // Reference: one uninterrupted run.
    const refPlan = writePlan(clean.ws, { baseUrl: sim.url, repeats: REPEATS, concurrency: 4 });
    const ref = await runCli(['run', refPlan, '--quiet'], { cwd: clean.ws.root });
    expect(ref.code).toBe(0);
    const expected = responseSet(clean.ws.storePath);
    expect(expected).toHaveLength(TOTAL);

    const plan = writePlan(crashed.ws, { baseUrl: sim.url, repeats: REPEATS, concurrency: 4 });
    for (const killAt of [30, 110]) {
      const { child, done } = startCli(['run', plan, '--quiet'], { cwd: crashed.ws.root });
      await waitFor(() => storedReplies(crashed.ws.storePath) >= killAt, 20_000, `${killAt} stored replies`);
      child.kill('SIGKILL');
      const r = await done;
      expect(r.signal).toBe('SIGKILL');
      const stored = storedReplies(crashed.ws.storePath);
      expect(stored).toBeGreaterThanOrEqual(killAt);
      expect(stored).toBeLessThan(TOTAL); // really killed mid-run
      expect(integrityCheck(crashed.ws.storePath)).toBe('ok');
    }
    const resumed = await runCli(['run', plan, '--quiet'], { cwd: crashed.ws.root });
    expect(resumed.code).toBe(0);
    expect(responseSet(crashed.ws.storePath)).toEqual(expected);
    expect(integrityCheck(crashed.ws.storePath)).toBe('ok');
    const db = new Database(crashed.ws.storePath, { readonly: true });
    const statuses = db.prepare('SELECT status, COUNT(*) AS n FROM runs GROUP BY status ORDER BY status').all();
    db.close();
    // The killed runs could not record an ending; the resume, finding their process dead, recorded
    // them as interrupted (store/run-owner.ts), then completed its own.
    expect(statuses).toEqual([
      { status: 'complete', n: 2 },
      { status: 'interrupted', n: 4 },
    ]);
  });

  it('Ctrl-C stops cleanly: exit 130, runs marked interrupted, a rerun completes', async () => {
    const sim = await sims.start(startSim({ latency_ms: 25 }));
    const t = sims.temp(tempWorkspace());
    const plan = writePlan(t.ws, { baseUrl: sim.url, repeats: REPEATS, concurrency: 4 });
    const { child, done } = startCli(['run', plan], { cwd: t.ws.root });
    await waitFor(() => storedReplies(t.ws.storePath) >= 20, 20_000, '20 stored replies');
    child.kill('SIGINT');
    const r = await done;
    expect(r.code).toBe(130);
    expect(r.stdout).toContain('interrupted: what arrived is stored');
    const db = new Database(t.ws.storePath, { readonly: true });
    const statuses = (db.prepare('SELECT status FROM runs').all() as { status: string }[]).map((x) => x.status);
    db.close();
    expect(new Set(statuses)).toEqual(new Set(['interrupted']));
    const again = await runCli(['run', plan, '--quiet'], { cwd: t.ws.root });
    expect(again.code).toBe(0);
    expect(storedReplies(t.ws.storePath)).toBe(TOTAL);
  });
});
