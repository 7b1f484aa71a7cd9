import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './cli-helpers.js';

// `stoppoint demo` as a newcomer types it, in a folder that has nothing of stoppoint's.
describe('stoppoint demo', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stoppoint-demo-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs the whole loop in any folder, then a rerun resumes and sends nothing', async () => {
    const first = await runCli(['demo', '--json'], { cwd: dir });
    expect(first.stderr).not.toMatch(/error|warning/i);
    expect(first.code).toBe(0);
    const demo = JSON.parse(first.stdout) as {
      experiment: string;
      run: { outcome: string; candidates: { name: string; replied: number; expected: number; sent: number }[]; notes: string[] };
      verdict: { verdict: string };
      report: { path: string };
    };
    expect(demo.experiment).toBe('demo');
    expect(demo.run.outcome).toBe('complete');
    expect(demo.run.candidates).toHaveLength(14);
    for (const c of demo.run.candidates) expect(c.replied).toBe(c.expected);
    expect(demo.run.notes.filter((n) => n.startsWith('train_log'))).toEqual([]); // the shipped training log was found
    expect(demo.verdict.verdict).toBe('stop');
    expect(demo.report.path).toBe(join(dir, 'runs/reports/demo.html'));
    expect(existsSync(demo.report.path)).toBe(true);

    const store = join(dir, 'runs/stoppoint.sqlite');
    const db = new Database(store, { readonly: true });
    const counts = db.prepare('SELECT COUNT(*) AS replies, COUNT(DISTINCT candidate_id) AS candidates FROM responses WHERE error_class IS NULL').get();
    const logs = db.prepare('SELECT COUNT(*) AS n FROM train_logs').get() as { n: number };
    db.close();
    expect(counts).toEqual({ replies: demo.run.candidates.reduce((n, c) => n + c.expected, 0), candidates: 14 });
    expect(logs.n).toBeGreaterThan(0);

    const again = await runCli(['demo', '--quiet'], { cwd: dir });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^\nSTOP: freeze /); // quiet: the verdict and the report path only
    expect(again.stdout).toContain(`report: ${join(dir, 'runs/reports/demo.html')}`);
    expect(again.stdout).not.toContain('coverage');
    const second = await runCli(['demo', '--json'], { cwd: dir });
    expect((JSON.parse(second.stdout) as typeof demo).run.candidates.every((c) => c.sent === 0)).toBe(true);

    // The store names the simulator, not its loopback port (dead once the demo exits, and maybe
    // someone else's later)…
    const check = new Database(store, { readonly: true });
    const planJson = (check.prepare("SELECT plan_json FROM experiments WHERE name = 'demo'").get() as { plan_json: string }).plan_json;
    const endpoints = check.prepare('SELECT DISTINCT endpoint_url FROM runs').pluck().all();
    check.close();
    const stored = JSON.parse(planJson) as { endpoint: { base_url: string }; judge: { base_url: string } };
    expect([stored.endpoint.base_url, stored.judge.base_url]).toEqual(['sim://demo', 'sim://demo']);
    expect(planJson).not.toMatch(/127\.0\.0\.1|localhost/);
    expect(endpoints).toEqual(['sim://demo']);
    // …so a later grade that needs the judge (grades lost, cache emptied) asks the simulated judge
    // in-process and gets the same grades, instead of retrying a dead port.
    const rw = new Database(store);
    const some = "SELECT response_id FROM grades WHERE grader = 'judge.tone' ORDER BY response_id LIMIT 40";
    const gradesOf = (d: Database.Database): unknown[] =>
      d.prepare(`SELECT response_id, label, score FROM grades WHERE grader = 'judge.tone' AND response_id IN (${some}) ORDER BY response_id`).all();
    const before = gradesOf(rw);
    rw.prepare(`DELETE FROM grades WHERE grader = 'judge.tone' AND response_id IN (${some})`).run();
    rw.prepare('DELETE FROM judge_cache').run();
    rw.close();
    const regrade = await runCli(['grade', 'demo', '--grader', 'judge.tone', '--json'], { cwd: dir });
    expect(regrade.code, regrade.stderr).toBe(0);
    expect((JSON.parse(regrade.stdout) as { graders: unknown[] }).graders).toEqual([
      expect.objectContaining({ grader: 'judge.tone', graded: 40, errors: 0, judgeCalls: 40 }),
    ]);
    const after = new Database(store, { readonly: true });
    expect(gradesOf(after)).toEqual(before);
    after.close();
  }, 600_000);
});
