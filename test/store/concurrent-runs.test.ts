// Two `stoppoint run` processes on one store, each evaluating its own candidates of one plan, while
// a third process writes the report from the same store (issue 8, hardening): WAL, the busy
// timeout and short write transactions must let all three finish, with no SQLITE_BUSY and no reply
// lost, and the database must stay sound.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { useSimulator } from '../helpers/sim.js';
import { integrityCheck, runCli, startCli, storedReplies, waitFor } from '../runner/cli-helpers.js';
import { startSim, tempWorkspace, writePlan } from '../runner/helpers.js';

const PROBES = 12; // the `mini` set
const REPEATS = 6;
const CANDIDATES = [
  { name: 'base', model: 'base', baseline: true },
  { name: 'ft-a-1', model: 'ft-a' },
  { name: 'base-2', model: 'base' },
  { name: 'ft-a-2', model: 'ft-a' },
];

describe('concurrent use of one store', () => {
  const sims = useSimulator();

  it('two runs on different candidates plus a report reading: all succeed, nothing lost', async () => {
    const sim = await sims.start(startSim({ latency_ms: 15 }));
    const t = sims.temp(tempWorkspace());
    const plan = writePlan(t.ws, { baseUrl: sim.url, repeats: REPEATS, concurrency: 8, candidates: CANDIDATES });
    const cwd = t.ws.root;

    const first = startCli(['run', plan, '--quiet', '--candidate', 'base', '--candidate', 'ft-a-1'], { cwd });
    const second = startCli(['run', plan, '--quiet', '--candidate', 'base-2', '--candidate', 'ft-a-2'], { cwd });
    // The reader starts once both writers are under way, so it really overlaps their commits.
    await waitFor(() => storedReplies(t.ws.storePath) >= 20, 30_000, 'first replies');
    const report = await runCli(['report', 'sweep', '-o', 'report.html'], { cwd });
    const [a, b] = await Promise.all([first.done, second.done]);

    for (const r of [a, b, report]) {
      expect(r.stderr).not.toMatch(/SQLITE_BUSY|database is locked/i);
    }
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    expect(report.code, report.stderr).toBe(0);

    const db = new Database(t.ws.storePath, { readonly: true });
    try {
      const perCandidate = db
        .prepare(
          `SELECT c.name AS name, COUNT(*) AS n, COUNT(DISTINCT r.probe_row * 100 + r.sample) AS distinctSlots
           FROM responses r JOIN candidates c ON c.id = r.candidate_id
           WHERE r.error_class IS NULL GROUP BY c.name ORDER BY c.name`,
        )
        .all();
      expect(perCandidate).toEqual(
        CANDIDATES.map((c) => c.name).sort().map((name) => ({ name, n: PROBES * REPEATS, distinctSlots: PROBES * REPEATS })),
      );
      expect((db.prepare('SELECT COUNT(*) AS n FROM experiments').get() as { n: number }).n).toBe(1);
      expect(db.prepare("SELECT DISTINCT status FROM runs").pluck().all()).toEqual(['complete']);
    } finally {
      db.close();
    }
    expect(integrityCheck(t.ws.storePath)).toBe('ok');
  }, 120_000);
});
