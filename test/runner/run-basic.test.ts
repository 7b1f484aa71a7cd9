import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runPlan } from '../../src/runner/run-plan.js';
import { useSimulator } from '../helpers/sim.js';
import { fastRetry, startSim, tempWorkspace, writePlan } from './helpers.js';

describe('run against the simulator', () => {
  const sims = useSimulator();

  it('stores one reply per candidate × probe × sample with seeds, usage and fingerprint', async () => {
    const sim = await sims.start(startSim());
    const t = sims.temp(tempWorkspace());
    const plan = writePlan(t.ws, { baseUrl: sim.url, repeats: 3 });
    const summary = await runPlan(plan, { workspace: t.ws, tuning: { retry: fastRetry } });
    expect(summary.outcome).toBe('complete');
    expect(summary.candidates.map((c) => [c.name, c.replied, c.expected])).toEqual([
      ['base', 36, 36],
      ['ft-a', 36, 36],
    ]);
    const db = new Database(t.ws.storePath, { readonly: true });
    const rows = db.prepare('SELECT sample, seed, text, finish_reason, prompt_tokens, completion_tokens, fingerprint, attempts, error_class FROM responses').all() as Record<string, unknown>[];
    expect(rows).toHaveLength(72);
    for (const r of rows) {
      expect(r.seed).toBe(r.sample); // seed base 0
      expect(typeof r.text).toBe('string');
      expect(r.error_class).toBeNull();
      expect(r.attempts).toBe(1);
      expect(r.fingerprint).toMatch(/^fp_sim_/);
      expect(r.prompt_tokens).toBeGreaterThan(0);
    }
    const runs = db.prepare('SELECT status, expected, subset FROM runs').all();
    expect(runs).toEqual([
      { status: 'complete', expected: 36, subset: null },
      { status: 'complete', expected: 36, subset: null },
    ]);
    db.close();

    // Running again sends nothing: everything is there.
    const before = sim.stats().requests;
    const again = await runPlan(plan, { workspace: t.ws });
    expect(again.outcome).toBe('complete');
    expect(sim.stats().requests).toBe(before);
    expect(again.candidates.every((c) => c.sent === 0)).toBe(true);
  });
});
