import { deflateSync, inflateSync } from 'node:zlib';
import type { Db } from '../store/db.js';
import {
  cachedRows, candidateDataVersion, hasMetricCache, storeCachedRows, type CacheKey, type CachedRows,
} from '../store/metric-cache.js';
import type { CurrentRun } from '../store/metric-queries.js';
import { readThreads, ThreadedRead } from './parallel-read.js';
import { readCandidateRows, type RunRows } from './read-rows.js';
import { decodeRunRows, encodeRunRows, type EncodedRunRows } from './rows-codec.js';

export interface RowsJob {
  candidateId: number;
  runs: CurrentRun[];
}

/** How the rows of an experiment's candidates were obtained (for tests and benchmarks). */
export interface RowsStats {
  cached: number;
  read: number;
  threads: number;
}

/**
 * The rows of each candidate (by index): from the cache when the candidate's data has not changed
 * since they were read, else from the store — on worker threads when what is left to read is large
 * (they read ahead while the caller computes), else here, one candidate at a time — and then cached
 * (when the store is writable). Call `close` when done (it stops threads still reading on an error).
 */
export function loadCandidateRows(
  db: Db, jobs: readonly RowsJob[], present: ReadonlySet<string>, requestedThreads?: number,
): { rowsOf: (index: number) => RunRows[]; stats: RowsStats; close: () => void } {
  const versioned = hasMetricCache(db);
  const graders = [...present].sort().join(',');
  const keysOf = (job: RowsJob): CacheKey[] =>
    job.runs.map((r) => ({ candidateId: job.candidateId, setVersionId: r.setVersionId, repeats: r.repeats, graders }));
  // Decoded only when asked for, and forgotten then: a million replies' rows are never all held.
  const known = new Map<number, () => RunRows[]>();
  if (versioned) {
    jobs.forEach((job, i) => {
      const version = candidateDataVersion(db, job.candidateId);
      const hits = keysOf(job).map((k) => cachedRows(db, k, version));
      if (hits.every((h) => h !== undefined)) known.set(i, () => hits.map((h) => decodeRunRows(inflated(h!))));
    });
  }
  const missing = jobs.flatMap((_, i) => (known.has(i) ? [] : [i]));
  const stored = missing.reduce((n, i) => n + jobs[i]!.runs.reduce((m, r) => m + r.recordCount * r.repeats, 0), 0);
  const threads = readThreads(db, missing.length, stored, requestedThreads);
  const writable = versioned && !db.readonly;
  let threaded: ThreadedRead | undefined;
  if (threads > 1) {
    const keyed = missing.map((i) => ({ candidateId: jobs[i]!.candidateId, runs: jobs[i]!.runs.map((r) => ({ setVersionId: r.setVersionId, repeats: r.repeats })) }));
    const reads = (threaded = new ThreadedRead(db, keyed, present, threads, versioned));
    missing.forEach((i, m) => known.set(i, () => {
      const read = reads.take(m);
      if (writable && read.dataVersion !== null) cacheRows(db, keysOf(jobs[i]!), read.dataVersion, read.rows);
      return read.rows.map(decodeRunRows);
    }));
  }
  const rowsOf = (i: number): RunRows[] => {
    const hit = known.get(i);
    if (hit) {
      known.delete(i);
      return hit();
    }
    // Read here, one candidate at a time, so only one candidate's rows are held at once.
    const read = readCandidateRows(db, jobs[i]!.candidateId, jobs[i]!.runs, present, versioned);
    if (writable && read.dataVersion !== null) cacheRows(db, keysOf(jobs[i]!), read.dataVersion, read.rows.map(encodeRunRows));
    return read.rows;
  };
  return { rowsOf, stats: { cached: jobs.length - missing.length, read: missing.length, threads }, close: () => threaded?.close() };
}

function cacheRows(db: Db, keys: readonly CacheKey[], dataVersion: number, rows: readonly EncodedRunRows[]): void {
  // Counts and sums of small integers: deflate shrinks the Float64 columns ~10×.
  const entries = keys.map((key, r) => ({
    key,
    rows: { dataVersion, totals: deflateSync(rows[r]!.totals), groupsJson: JSON.stringify(rows[r]!.groups), samples: deflateSync(rows[r]!.samples) },
  }));
  try {
    storeCachedRows(db, entries);
  } catch (err) {
    // Another process holds the write lock past the busy timeout (a run committing replies): the
    // metrics are already read from the store; the next command fills the cache instead.
    if ((err as { code?: string }).code !== 'SQLITE_BUSY') throw err;
  }
}

function inflated(c: CachedRows): EncodedRunRows {
  const floats = (b: Buffer): Float64Array => {
    const raw = inflateSync(b);
    return new Float64Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
  };
  return { totals: floats(c.totals), groups: JSON.parse(c.groupsJson) as string[], samples: floats(c.samples) };
}
