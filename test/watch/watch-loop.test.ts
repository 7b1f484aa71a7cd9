import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { parse } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { listServedModels } from '../../src/runner/discover.js';
import { runPlan } from '../../src/runner/run-plan.js';
import type { SimServer } from '../../src/sim/types.js';
import { Verdict } from '../../src/verdict/schema.js';
import { parseInterval, watchPlan, type WatchDeps, type WatchEvent } from '../../src/watch.js';
import type { Workspace } from '../../src/workspace.js';
import { fastRetry, tempWorkspace, writePlan } from '../runner/helpers.js';
import { saveCheckpoint, serveCheckpoints } from './helpers.js';

const verdictOf = (experiment: string, stop: boolean): Verdict =>
  Verdict.parse({
    experiment,
    verdict: stop ? 'stop' : 'continue',
    action: stop ? 'freeze' : 'keep-tuning',
    freeze_candidate: stop ? 'r1-checkpoint-1000' : null,
    signals: [],
    contract: [],
    freeze_risks: [],
  });

/** Real runner, real simulator over HTTP; the clock, the sleep and the verdict step are the test's. */
function deps(ws: Workspace, over: Partial<WatchDeps> & { events: WatchEvent[] }): WatchDeps {
  let t = Date.parse('2026-05-01T00:00:00Z');
  return {
    now: () => new Date((t += 1000)),
    sleep: async () => undefined,
    listModels: listServedModels,
    env: {},
    evaluate: (plan, candidates, signal) => runPlan(plan, { workspace: ws, selection: { candidates }, signal, tuning: { retry: fastRetry } }),
    judge: async (experiment) => verdictOf(experiment, false),
    runHook: async () => 0,
    emit: (e) => over.events.push(e),
    ...over,
  };
}

function repliesByCandidate(ws: Workspace): Record<string, number> {
  const db = new Database(ws.storePath, { readonly: true });
  const rows = db.prepare('SELECT c.name AS name, COUNT(r.id) AS n FROM candidates c LEFT JOIN responses r ON r.candidate_id = c.id AND r.error_class IS NULL GROUP BY c.name').all() as { name: string; n: number }[];
  db.close();
  return Object.fromEntries(rows.map((r) => [r.name, r.n]));
}

describe('watchPlan against the simulator', () => {
  let sim: SimServer | undefined;
  let cleanup: (() => void) | undefined;
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
    cleanup?.();
  });

  it('a checkpoint that appears mid-watch is added, evaluated on the full set and judged', async () => {
    const t = tempWorkspace();
    cleanup = t.cleanup;
    const out = join(t.ws.root, 'saves', 'r1');
    saveCheckpoint(out, 500);
    sim = await serveCheckpoints(['checkpoint-500']);
    const plan = writePlan(t.ws, { baseUrl: sim.url, repeats: 2, candidates: [{ name: 'base', model: 'base', baseline: true }] });
    const events: WatchEvent[] = [];
    const judged: number[] = [];
    let sleeps = 0;
    const result = await watchPlan(plan, t.ws, { intervalMs: 60_000, maxPolls: 3, outputDir: out, discover: false }, deps(t.ws, {
      events,
      judge: async (experiment) => {
        judged.push(events.filter((e) => e.type === 'poll').length);
        return verdictOf(experiment, false);
      },
      sleep: async (ms) => {
        expect(ms).toBe(60_000);
        sleeps++;
        if (sleeps === 1) {
          // Training saves checkpoint-1000 and the server loads it as an adapter.
          saveCheckpoint(out, 1000, 1000);
          const port = sim!.port;
          await sim!.close();
          sim = await serveCheckpoints(['checkpoint-500', 'checkpoint-1000'], port);
        }
      },
    }));

    expect(result.polls).toBe(3);
    expect(result.interrupted).toBe(false);
    expect(result.evaluated.sort()).toEqual(['base', 'r1-checkpoint-1000', 'r1-checkpoint-500']);
    const names = (parse(readFileSync(plan, 'utf8')) as { candidates: { name: string; step?: number }[] }).candidates.map((c) => [c.name, c.step]);
    expect(names).toEqual([['base', undefined], ['r1-checkpoint-500', 500], ['r1-checkpoint-1000', 1000]]);
    // 12 probes × 2 repeats each: the full set, nothing more
    expect(repliesByCandidate(t.ws)).toEqual({ base: 24, 'r1-checkpoint-500': 24, 'r1-checkpoint-1000': 24 });

    const added = events.filter((e): e is Extract<WatchEvent, { type: 'added' }> => e.type === 'added');
    expect(added.map((e) => e.candidates.map((c) => c.name))).toEqual([['r1-checkpoint-500'], ['r1-checkpoint-1000']]);
    const evaluated = events.filter((e): e is Extract<WatchEvent, { type: 'evaluated' }> => e.type === 'evaluated');
    // poll 1: base + checkpoint-500; poll 2: only the new one; poll 3: nothing left to evaluate
    expect(evaluated.map((e) => e.summary.candidates.map((c) => c.name))).toEqual([['base', 'r1-checkpoint-500'], ['r1-checkpoint-1000']]);
    expect(judged).toEqual([1, 2]);
  });

  it('waits for a checkpoint the endpoint does not serve yet, and adds served models with discover', async () => {
    const t = tempWorkspace();
    cleanup = t.cleanup;
    const out = join(t.ws.root, 'saves', 'r2');
    saveCheckpoint(out, 500);
    sim = await serveCheckpoints(['lora-a']);
    const plan = writePlan(t.ws, { baseUrl: sim.url, repeats: 1, candidates: [{ name: 'base', model: 'base', baseline: true }] });
    const events: WatchEvent[] = [];
    await watchPlan(plan, t.ws, { intervalMs: 1000, maxPolls: 1, outputDir: out, discover: true, match: /^lora-/ }, deps(t.ws, { events }));
    expect(events.find((e) => e.type === 'waiting')).toEqual({ type: 'waiting', candidates: ['r2-checkpoint-500'], reason: 'the endpoint does not serve their model yet' });
    expect(repliesByCandidate(t.ws)).toEqual({ base: 12, 'lora-a': 12, 'r2-checkpoint-500': 0 });
  });

  it('runs --on-stop once; a restarted watch picks up and does not run it again', async () => {
    const t = tempWorkspace();
    cleanup = t.cleanup;
    sim = await serveCheckpoints(['ft-1']);
    const plan = writePlan(t.ws, { baseUrl: sim.url, repeats: 1, candidates: [{ name: 'base', model: 'base', baseline: true }, { name: 'ft-1', model: 'ft-1' }] });
    const hooks: string[] = [];
    const common = { intervalMs: 1000, discover: false, onStop: 'echo stop' };
    const first: WatchEvent[] = [];
    const stopDeps = (events: WatchEvent[]): WatchDeps =>
      deps(t.ws, { events, judge: async (e) => verdictOf(e, true), runHook: async (cmd) => (hooks.push(cmd), 0) });
    const r1 = await watchPlan(plan, t.ws, { ...common, maxPolls: 2 }, stopDeps(first));
    expect(r1.verdict?.verdict).toBe('stop');
    expect(hooks).toEqual(['echo stop']);
    expect(first.filter((e) => e.type === 'hook')).toEqual([{ type: 'hook', hook: 'on-stop', command: 'echo stop', exitCode: 0 }]);

    const second: WatchEvent[] = [];
    const r2 = await watchPlan(plan, t.ws, { ...common, maxPolls: 1 }, stopDeps(second));
    expect(hooks).toEqual(['echo stop']); // not again
    expect(second.find((e) => e.type === 'hook')).toMatchObject({ type: 'hook', exitCode: 0, ranBefore: expect.stringMatching(/^2026-05-01T00:00:0\d\.000Z$/) });
    // the restart sent nothing new: both candidates were complete
    const ev = second.find((e): e is Extract<WatchEvent, { type: 'evaluated' }> => e.type === 'evaluated');
    expect(ev?.summary.candidates.map((c) => c.sent)).toEqual([0, 0]);
    expect(r2.verdict?.verdict).toBe('stop');
  });

  it('Ctrl-C during the wait ends the watch cleanly', async () => {
    const t = tempWorkspace();
    cleanup = t.cleanup;
    sim = await serveCheckpoints([]);
    const plan = writePlan(t.ws, { baseUrl: sim.url, repeats: 1, candidates: [{ name: 'base', model: 'base', baseline: true }] });
    const stop = new AbortController();
    const events: WatchEvent[] = [];
    const r = await watchPlan(plan, t.ws, { intervalMs: 1000, discover: false, signal: stop.signal }, deps(t.ws, { events, sleep: async () => stop.abort() }));
    expect(r).toMatchObject({ polls: 1, interrupted: true });
    expect(events.at(-1)).toEqual({ type: 'stopped', reason: 'interrupted', polls: 1 });
  });

  it('an endpoint that is down is a warning, not the end of the watch', async () => {
    const t = tempWorkspace();
    cleanup = t.cleanup;
    const plan = writePlan(t.ws, { baseUrl: 'http://127.0.0.1:9/v1', candidates: [{ name: 'base', model: 'base', baseline: true }] });
    const events: WatchEvent[] = [];
    const failing: WatchDeps = deps(t.ws, {
      events,
      listModels: async () => {
        throw new (await import('../../src/errors.js')).FaultError('cannot list the models of http://127.0.0.1:9/v1 (GET /models): Connection error.');
      },
      evaluate: async () => {
        throw new (await import('../../src/errors.js')).FaultError('connection refused');
      },
    });
    const r = await watchPlan(plan, t.ws, { intervalMs: 1000, maxPolls: 2, discover: true }, failing);
    expect(r.polls).toBe(2);
    expect(events.filter((e) => e.type === 'warning')).toHaveLength(4);
  });
});

describe('parseInterval', () => {
  it('reads durations and refuses nonsense', () => {
    expect(parseInterval('60s')).toBe(60_000);
    expect(parseInterval('5m')).toBe(300_000);
    expect(parseInterval('1.5h')).toBe(5_400_000);
    expect(parseInterval('250ms')).toBe(250);
    expect(parseInterval('30')).toBe(30_000);
    expect(() => parseInterval('soon')).toThrow(InputError);
    expect(() => parseInterval('0s')).toThrow(/too short/);
  });
});
