import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { loadPlan } from '../../src/plan/load.js';
import { dryRun } from '../../src/runner/dry-run.js';
import { runPlan } from '../../src/runner/run-plan.js';
import { parseSubset, selectProbeIds } from '../../src/runner/subset.js';
import { exitCodeForRun } from '../../src/runner/summary.js';
import type { SimServer } from '../../src/sim/types.js';
import { openDb } from '../../src/store/db.js';
import { useSimulator } from '../helpers/sim.js';
import { fastRetry, startSim, tempWorkspace, writePlan } from './helpers.js';

describe('run options', () => {
  const sims = useSimulator();

  async function setup(
    extra: Record<string, unknown> = {},
    repeats = 2,
  ): Promise<{ plan: string; storePath: string; ws: ReturnType<typeof tempWorkspace>['ws']; sim: SimServer }> {
    const sim = await sims.start(startSim());
    const t = sims.temp(tempWorkspace());
    return { plan: writePlan(t.ws, { baseUrl: sim.url, repeats, extra }), storePath: t.ws.storePath, ws: t.ws, sim };
  }

  it('--dry-run counts requests, estimates tokens and cost, sends and writes nothing; then accounts for stored replies', async () => {
    const { plan, ws, sim } = await setup({ prices: { prompt_per_mtok: 1, completion_per_mtok: 2 }, sampling: { temperature: 0.7, max_tokens: 100 } });
    const loaded = loadPlan(plan, ws);
    const before = dryRun(loaded, undefined, undefined, null);
    expect(before.candidates.map((c) => [c.name, c.requests, c.stored, c.toSend, c.completionTokensMax])).toEqual([
      ['base', 24, 0, 24, 2400],
      ['ft-a', 24, 0, 24, 2400],
    ]);
    expect(before.total.promptTokens).toBeGreaterThan(24 * 2 * 5);
    expect(before.total.usdMax).toBeCloseTo((before.total.promptTokens * 1 + 4800 * 2) / 1e6, 10);
    expect(sim.stats().requests).toBe(0);

    await runPlan(plan, { workspace: ws, selection: { candidates: ['base'] } });
    const db = openDb(ws.storePath, { readonly: true });
    const after = dryRun(loaded, db, undefined, null);
    db.close();
    expect(after.candidates.map((c) => [c.name, c.stored, c.toSend])).toEqual([
      ['base', 24, 0],
      ['ft-a', 0, 24],
    ]);
  });

  it('--candidate evaluates only the named ones; an unknown name is an input error', async () => {
    const { plan, ws } = await setup();
    const s = await runPlan(plan, { workspace: ws, selection: { candidates: ['ft-a'] } });
    expect(s.candidates.map((c) => c.name)).toEqual(['ft-a']);
    await expect(runPlan(plan, { workspace: ws, selection: { candidates: ['ft-b'] } })).rejects.toThrow('unknown candidate "ft-b"; the plan has: base, ft-a');
  });

  it('--limit and --sample: recorded as a subset, the run is partial (exit 4) even when all of it replied', async () => {
    const { plan, ws, storePath } = await setup();
    const limited = await runPlan(plan, { workspace: ws, selection: { subset: parseSubset(5, undefined, undefined) } });
    expect(limited.outcome).toBe('partial');
    expect(exitCodeForRun(limited)).toBe(4);
    expect(limited.candidates.map((c) => [c.expected, c.replied, c.status, c.subset])).toEqual([
      [10, 10, 'partial', 'limit=5'],
      [10, 10, 'partial', 'limit=5'],
    ]);
    const sampled = await runPlan(plan, { workspace: ws, selection: { subset: parseSubset(undefined, 0.5, 7) } });
    expect(sampled.candidates[0]!.subset).toBe('sample=0.5,seed=7');
    const db = new Database(storePath, { readonly: true });
    expect(db.prepare('SELECT DISTINCT subset FROM runs ORDER BY subset').all()).toEqual([{ subset: 'limit=5' }, { subset: 'sample=0.5,seed=7' }]);
    db.close();
    // The full run afterwards only sends what the subsets did not.
    const full = await runPlan(plan, { workspace: ws });
    expect(full.outcome).toBe('complete');
    expect(full.candidates[0]!.sent).toBe(24 - 10 - [...selectProbeIds(idsOfMini, { kind: 'sample', fraction: 0.5, seed: 7 })].filter((id) => !firstFive.has(id)).length * 2);
  });

  it('a request budget stops cleanly and is recorded as `budget`', async () => {
    const { plan, ws, storePath } = await setup({ budget: { requests: 30 } });
    const s = await runPlan(plan, { workspace: ws, tuning: { concurrency: 4, retry: fastRetry } });
    expect(s.outcome).toBe('budget');
    expect(s.stopReason).toBe('request budget of 30 reached');
    expect(s.requests).toBe(30);
    expect(exitCodeForRun(s)).toBe(4);
    const db = new Database(storePath, { readonly: true });
    expect((db.prepare('SELECT COUNT(*) AS n FROM responses').get() as { n: number }).n).toBe(30);
    // base finished before the budget ran out; ft-a got the rest.
    expect(db.prepare('SELECT status FROM runs ORDER BY id').all()).toEqual([{ status: 'complete' }, { status: 'budget' }]);
    expect(s.candidates.map((c) => [c.name, c.replied, c.status])).toEqual([['base', 24, 'complete'], ['ft-a', 6, 'budget']]);
    db.close();
  });

  it('a token budget stops within the requests in flight', async () => {
    const { plan, ws } = await setup({ budget: { tokens: 2000 } });
    const s = await runPlan(plan, { workspace: ws, tuning: { concurrency: 2 } });
    expect(s.outcome).toBe('budget');
    expect(s.tokens).toBeGreaterThanOrEqual(2000);
    expect(s.requests).toBeLessThan(48);
  });

  it('an rps cap spaces requests', async () => {
    const { plan, ws } = await setup({}, 1);
    const t0 = performance.now();
    await runPlan(plan, { workspace: ws, selection: { candidates: ['base'] }, tuning: { rps: 40, concurrency: 8 } });
    const took = performance.now() - t0;
    expect(took).toBeGreaterThanOrEqual((12 - 1) * 25 - 5); // 12 requests at most 40/s
  });
});

const idsOfMini = ['bound-a', 'bound-b', 'cons-a1', 'cons-a2', 'cons-a3', 'fact-a', 'fact-b', 'fact-c', 'over-a', 'over-b', 'refuse-a', 'refuse-b'];
const firstFive = new Set(idsOfMini.slice(0, 5));
