import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCandidateRows } from '../../src/metrics/candidate-rows.js';
import { computeExperimentMetrics } from '../../src/metrics/compute.js';
import { openDb, type Db } from '../../src/store/db.js';
import { currentRuns, gradersPresent } from '../../src/store/metric-queries.js';
// @ts-expect-error -- plain JavaScript fixture generator shared with bench/report.mjs
import { makeReportStore } from '../fixtures/report/make-store.mjs';

/** What computeExperimentMetrics gives with nothing cached: the reference for every cached result. */
function fresh(db: Db) {
  db.exec('DELETE FROM metric_rows_cache');
  return computeExperimentMetrics(db, 'cache');
}

function rowsStats(db: Db) {
  const ids = db.prepare('SELECT id FROM candidates ORDER BY ordinal').pluck().all() as number[];
  const { rowsOf, stats } = loadCandidateRows(db, ids.map((id) => ({ candidateId: id, runs: currentRuns(db, id) })), gradersPresent(db), 1);
  ids.forEach((_, i) => rowsOf(i)); // in-process reads (and cache writes) happen as each candidate is asked for
  return stats;
}

describe('per-candidate metric rows cache', () => {
  let dir: string;
  let db: Db;
  let candidates: { id: number; name: string }[];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'stoppoint-cache-'));
    db = openDb(join(dir, 'store.sqlite'));
    candidates = makeReportStore(db, { experiment: 'cache', candidates: 6, probes: 24, repeats: 3 }).candidates;
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves unchanged candidates from the cache with the same metrics', () => {
    expect(rowsStats(db)).toMatchObject({ cached: 0, read: 6 });
    expect(rowsStats(db)).toMatchObject({ cached: 6, read: 0 });
    const cachedRun = computeExperimentMetrics(db, 'cache');
    expect(cachedRun).toEqual(fresh(db));
  });

  it('reads again exactly the candidate whose grade changed, and shows the change', () => {
    const before = computeExperimentMetrics(db, 'cache');
    const target = candidates[2]!;
    // Turn every refusal grade of one candidate into "refuse": its harmful-refusal rate must become 1.
    db.prepare(`UPDATE grades SET label = 'refuse', score = 1 WHERE grader = 'refusal'
                AND response_id IN (SELECT id FROM responses WHERE candidate_id = ?)`).run(target.id);
    expect(rowsStats(db)).toMatchObject({ cached: 5, read: 1 });
    const after = computeExperimentMetrics(db, 'cache');
    const rate = (m: typeof after, name: string) => m.candidates.find((c) => c.name === name)!.metrics['refusal.harmful_refusal_rate']!.value;
    expect(rate(after, target.name)).toBe(1);
    expect(rate(before, target.name)).toBeLessThan(1);
    expect(after).toEqual(fresh(db));
  });

  it('notices new replies, replaced replies, deleted grades and new grades', () => {
    computeExperimentMetrics(db, 'cache');
    const [a, b, c, d] = candidates;
    const run = db.prepare('SELECT id FROM runs WHERE candidate_id = ?').pluck();
    const probe = db.prepare('SELECT probe_row FROM responses WHERE candidate_id = ? LIMIT 1').pluck();
    // a: a fourth sample of one probe (beyond repeats, so not counted, but it is a write)
    db.prepare(`INSERT INTO responses (candidate_id, probe_row, sample, run_id, text, attempts, created_at) VALUES (?, ?, 7, ?, 'x', 1, 0)`)
      .run(a!.id, probe.get(a!.id), run.get(a!.id));
    // b: one reply replaced by an error; c: its grades of one grader deleted; d: a new grader's grades
    db.prepare(`UPDATE responses SET text = NULL, error_class = 'timeout' WHERE id = (SELECT MIN(id) FROM responses WHERE candidate_id = ?)`).run(b!.id);
    db.prepare(`DELETE FROM grades WHERE grader = 'style' AND response_id IN (SELECT id FROM responses WHERE candidate_id = ?)`).run(c!.id);
    db.prepare(`INSERT INTO grades (response_id, grader, grader_version, status, label, score) SELECT id, 'judge.tone', 'v1', 'scored', NULL, 4 FROM responses WHERE candidate_id = ?`).run(d!.id);
    // A new grader present anywhere changes what is read for every candidate (its columns join in).
    expect(rowsStats(db)).toMatchObject({ cached: 0, read: 6 });
    expect(computeExperimentMetrics(db, 'cache')).toEqual(fresh(db));
    db.prepare(`DELETE FROM grades WHERE grader = 'judge.tone'`).run();
    computeExperimentMetrics(db, 'cache');
    db.prepare(`UPDATE responses SET text = 'changed' WHERE id = (SELECT MIN(id) FROM responses WHERE candidate_id = ? AND text IS NOT NULL)`).run(a!.id);
    expect(rowsStats(db)).toMatchObject({ cached: 5, read: 1 });
  });

  it("never serves a deleted candidate's rows to a new one with the same id", () => {
    computeExperimentMetrics(db, 'cache');
    const last = candidates[candidates.length - 1]!;
    db.prepare('DELETE FROM grades WHERE response_id IN (SELECT id FROM responses WHERE candidate_id = ?)').run(last.id);
    db.prepare('DELETE FROM responses WHERE candidate_id = ?').run(last.id);
    db.prepare('DELETE FROM runs WHERE candidate_id = ?').run(last.id);
    db.prepare('DELETE FROM train_metrics WHERE candidate_id = ?').run(last.id);
    db.prepare('DELETE FROM candidates WHERE id = ?').run(last.id);
    expect(db.prepare('SELECT COUNT(*) FROM metric_rows_cache WHERE candidate_id = ?').pluck().get(last.id)).toBe(0);
    expect(db.prepare('SELECT COUNT(*) FROM candidate_data_versions WHERE candidate_id = ?').pluck().get(last.id)).toBe(0);
  });

  it('works on a store opened read-only, without writing the cache', () => {
    db.close();
    db = openDb(join(dir, 'store.sqlite'), { readonly: true });
    expect(rowsStats(db)).toMatchObject({ cached: 0, read: 6 });
    expect(rowsStats(db)).toMatchObject({ cached: 0, read: 6 });
    expect(computeExperimentMetrics(db, 'cache').candidates).toHaveLength(6);
  });
});
