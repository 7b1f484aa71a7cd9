import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The worker threads exist only compiled (dist/, built by the global setup): run the built modules.
import { computeExperimentMetrics } from '../../dist/metrics/compute.js';
import { readThreads, PARALLEL_MIN_ROWS, ThreadedRead } from '../../dist/metrics/parallel-read.js';
import { loadCandidateRows } from '../../dist/metrics/candidate-rows.js';
import { openDb } from '../../dist/store/db.js';
import { currentRuns, gradersPresent } from '../../dist/store/metric-queries.js';
// @ts-expect-error -- plain JavaScript fixture generator shared with bench/report.mjs
import { makeReportStore } from '../fixtures/report/make-store.mjs';

type Db = ReturnType<typeof openDb>;

describe('metrics read on worker threads', () => {
  let db: Db;
  let dir: string;
  beforeAll(() => {
    // Not tempDir(): that one is emptied after each test, and this store serves them all.
    dir = mkdtempSync(join(tmpdir(), 'stoppoint-parallel-'));
    db = openDb(join(dir, 'store.sqlite'));
    makeReportStore(db, { experiment: 'par', candidates: 9, probes: 40, repeats: 3, errors: 0.05 });
  });
  afterAll(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives exactly the metrics of the single-thread read', () => {
    // Emptied before each: otherwise the second computation would come from the cache, not threads.
    db.exec('DELETE FROM metric_rows_cache');
    const one = computeExperimentMetrics(db, 'par', { threads: 1 });
    db.exec('DELETE FROM metric_rows_cache');
    const three = computeExperimentMetrics(db, 'par', { threads: 3 });
    expect(three).toEqual(one);
    // ...and the second really was read on threads (the built worker exists; nothing fell back).
    db.exec('DELETE FROM metric_rows_cache');
    const ids = db.prepare('SELECT id FROM candidates ORDER BY ordinal').pluck().all() as number[];
    const reads = loadCandidateRows(db, ids.map((id) => ({ candidateId: id, runs: currentRuns(db, id) })), gradersPresent(db), 3);
    expect(reads.stats).toEqual({ cached: 0, read: 9, threads: 3 });
    ids.forEach((_, i) => reads.rowsOf(i));
    reads.close();
    expect(one.candidates).toHaveLength(9);
    expect(one.candidates[0]!.coverage.errors).toBeGreaterThan(0);
  });

  it('uses threads only where they pay and can see the data', () => {
    expect(readThreads(db, 40, PARALLEL_MIN_ROWS - 1)).toBe(1);
    expect(readThreads(db, 40, PARALLEL_MIN_ROWS)).toBe(Math.min(4, availableParallelism()));
    expect(readThreads(db, 2, 10 * PARALLEL_MIN_ROWS, 8)).toBe(2); // never more threads than candidates
    const memory = openDb(':memory:');
    expect(readThreads(memory, 40, 10 * PARALLEL_MIN_ROWS, 4)).toBe(1);
    memory.close();
    // Inside a write transaction other connections would not see its rows.
    db.transaction(() => expect(readThreads(db, 40, 10 * PARALLEL_MIN_ROWS, 4)).toBe(1))();
  });

  it('turns a worker failure into an error instead of waiting forever', () => {
    const missing = { name: join(dir, 'nope', 'store.sqlite') } as Db;
    expect(() => new ThreadedRead(missing, [{ candidateId: 1, runs: [{ setVersionId: 1, repeats: 1 }] }], new Set(), 1, true).take(0))
      .toThrow(/worker thread: .*(unable to open|directory does not exist)/i);
  });
});
