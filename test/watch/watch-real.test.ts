import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SimServer } from '../../src/sim/types.js';
import { Verdict } from '../../src/verdict/schema.js';
import { runShellHook } from '../../src/watch-hook.js';
import { defaultWatchDeps } from '../../src/watch-run.js';
import { watchPlan, type WatchEvent } from '../../src/watch.js';
import { runCliAsync } from '../helpers/cli-async.js';
import { tempDir } from '../helpers/tmp.js';
import { tempWorkspace, writePlan } from '../runner/helpers.js';
import { saveCheckpoint, serveCheckpoints } from './helpers.js';

describe('watch with the real runner, grader and verdict', () => {
  let sim: SimServer | undefined;
  let cleanup: (() => void) | undefined;
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
    cleanup?.();
  });

  it('judges a checkpoint that appears mid-watch: the verdict is recomputed with it', async () => {
    const t = tempWorkspace();
    cleanup = t.cleanup;
    const out = join(t.ws.root, 'saves', 'r1');
    saveCheckpoint(out, 500);
    sim = await serveCheckpoints(['checkpoint-500']);
    const plan = writePlan(t.ws, { baseUrl: sim.url, repeats: 2, candidates: [{ name: 'base', model: 'base', baseline: true }] });
    const events: WatchEvent[] = [];
    const deps = defaultWatchDeps(t.ws, (e) => events.push(e), {});
    let sleeps = 0;
    deps.sleep = async () => {
      if (++sleeps > 1) return;
      saveCheckpoint(out, 1000, 1000);
      const port = sim!.port;
      await sim!.close();
      sim = await serveCheckpoints(['checkpoint-500', 'checkpoint-1000'], port);
    };
    const result = await watchPlan(plan, t.ws, { intervalMs: 10, maxPolls: 2, outputDir: out, discover: false }, deps);

    const verdicts = events.filter((e): e is Extract<WatchEvent, { type: 'verdict' }> => e.type === 'verdict').map((e) => e.verdict);
    expect(verdicts).toHaveLength(2);
    for (const v of verdicts) expect(Verdict.safeParse(v).success).toBe(true);
    expect(result.verdict).toEqual(verdicts[1]);
    expect(result.evaluated.sort()).toEqual(['base', 'r1-checkpoint-1000', 'r1-checkpoint-500']);
    // the second verdict saw the new checkpoint: its partial-evaluation evidence or contract names it
    const evaluated = events.filter((e): e is Extract<WatchEvent, { type: 'evaluated' }> => e.type === 'evaluated');
    expect(evaluated.at(-1)?.summary.candidates).toEqual([expect.objectContaining({ name: 'r1-checkpoint-1000', status: 'complete', replied: 24, expected: 24 })]);
  });

  it('the CLI runs one poll, prints JSON events, and exits 0 or 3 with the verdict', async () => {
    const t = tempWorkspace();
    cleanup = t.cleanup;
    sim = await serveCheckpoints(['ft-1']);
    const plan = writePlan(t.ws, { baseUrl: sim.url, repeats: 1, candidates: [{ name: 'base', model: 'base', baseline: true }] });
    const r = await runCliAsync(['watch', plan, '--max-polls', '1', '--json', '--match', '^ft-'], t.ws.root);
    const events = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as WatchEvent);
    expect(events.map((e) => e.type)).toEqual(['poll', 'added', 'evaluated', 'verdict', 'stopped']);
    const verdict = (events[3] as Extract<WatchEvent, { type: 'verdict' }>).verdict;
    expect(r.code).toBe(verdict.verdict === 'stop' ? 3 : 0);
    expect(readFileSync(plan, 'utf8')).toContain('- name: ft-1');
  });
});

describe('runShellHook', () => {
  it('passes the verdict in the environment and on stdin, and returns the exit code', async () => {
    const dir = tempDir();
    const v = Verdict.parse({ experiment: 'e1', verdict: 'stop', action: 'freeze', freeze_candidate: 'ck-2', signals: [], contract: [], freeze_risks: [] });
    const out = join(dir, 'hook.out');
    const code = await runShellHook(`printf '%s %s %s ' "$STOPPOINT_EXPERIMENT" "$STOPPOINT_ACTION" "$STOPPOINT_FREEZE_CANDIDATE" > '${out}'; cat >> '${out}'; exit 7`, v);
    expect(code).toBe(7);
    const text = readFileSync(out, 'utf8');
    expect(text.startsWith('e1 freeze ck-2 {')).toBe(true);
    expect(JSON.parse(text.slice('e1 freeze ck-2 '.length))).toEqual(v);
    expect(existsSync(out)).toBe(true);
  });
});
