// A `stoppoint run` killed with kill -9 cannot record its ending: its runs must not read `running`
// forever, yet a second `run` on the same store that is still going must keep reading `running`
// (issue 8 follow-up). The next command that opens the store tells the two apart by the owner's pid.
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useSimulator } from '../helpers/sim.js';
import { runCli, startCli, storedReplies, waitFor } from '../runner/cli-helpers.js';
import { startSim, tempWorkspace, writePlan } from '../runner/helpers.js';

const CANDIDATES = [
  { name: 'base', model: 'base', baseline: true },
  { name: 'ft-a-1', model: 'ft-a' },
  { name: 'base-2', model: 'base' },
  { name: 'ft-a-2', model: 'ft-a' },
];

function runStatuses(storePath: string): Record<string, string[]> {
  const db = new Database(storePath, { readonly: true });
  try {
    const rows = db
      .prepare('SELECT c.name AS name, r.status AS status FROM runs r JOIN candidates c ON c.id = r.candidate_id ORDER BY c.name, r.id')
      .all() as { name: string; status: string }[];
    const out: Record<string, string[]> = {};
    for (const r of rows) (out[r.name] ??= []).push(r.status);
    return out;
  } finally {
    db.close();
  }
}

describe('a run killed with kill -9 beside a live one', () => {
  const sims = useSimulator();

  it('the next command records the dead run as interrupted and leaves the live one running', async () => {
    const sim = await sims.start(startSim({ latency_ms: 10 }));
    const t = sims.temp(tempWorkspace());
    // 12 probes × 4 repeats × 2 candidates per process; the rate cap keeps the live one going ~10 s.
    const plan = writePlan(t.ws, { baseUrl: sim.url, repeats: 4, concurrency: 4, candidates: CANDIDATES });
    const cwd = t.ws.root;

    const doomed = startCli(['run', plan, '--quiet', '--rps', '20', '--candidate', 'base', '--candidate', 'ft-a-1'], { cwd });
    const living = startCli(['run', plan, '--quiet', '--rps', '10', '--candidate', 'base-2', '--candidate', 'ft-a-2'], { cwd });
    // Both processes have opened their runs, and the doomed one is well under way.
    await waitFor(() => storedReplies(t.ws.storePath) >= 12 && Object.keys(runStatuses(t.ws.storePath)).length === 4, 30_000, 'both runs under way');
    doomed.child.kill('SIGKILL');
    expect((await doomed.done).signal).toBe('SIGKILL');
    // Nothing could record the ending: the killed process's rows still say `running`.
    expect(runStatuses(t.ws.storePath)).toEqual({ base: ['running'], 'ft-a-1': ['running'], 'base-2': ['running'], 'ft-a-2': ['running'] });

    const report = await runCli(['report', 'sweep', '-o', 'report.html'], { cwd });
    expect(report.code, report.stderr).toBe(0);
    expect(living.child.exitCode, 'the live run must still be going for this test to mean anything').toBeNull();
    expect(runStatuses(t.ws.storePath)).toEqual({ base: ['interrupted'], 'ft-a-1': ['interrupted'], 'base-2': ['running'], 'ft-a-2': ['running'] });
    const html = readFileSync(join(cwd, 'report.html'), 'utf8');
    expect(html).toContain('✗ interrupted');
    expect(html).toContain('✗ running');

    const done = await living.done;
    expect(done.code, done.stderr).toBe(0);
    // The live run recorded its own ending; a resumed run of the killed candidates completes them.
    const resumed = await runCli(['run', plan, '--quiet', '--candidate', 'base', '--candidate', 'ft-a-1'], { cwd });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(runStatuses(t.ws.storePath)).toEqual({
      base: ['interrupted', 'complete'], 'ft-a-1': ['interrupted', 'complete'], 'base-2': ['complete'], 'ft-a-2': ['complete'],
    });
  }, 120_000);
});
