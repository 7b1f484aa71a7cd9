import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { FaultError } from '../errors.js';
import type { Db } from '../store/db.js';
import type { RunKey } from './read-rows.js';
import type { EncodedRunRows } from './rows-codec.js';
import type { ReadWorkerData, ReadWorkerMessage } from './read-worker.js';

/** A candidate's rows as they come from a worker: still encoded (decoded when used, one at a time). */
export interface EncodedRead {
  dataVersion: number | null;
  rows: EncodedRunRows[];
}

export interface ReadJob {
  candidateId: number;
  runs: RunKey[];
}

/**
 * Below this many stored rows to read, starting threads (~100 ms each, a store connection and a
 * module graph apiece) costs more than it saves.
 */
export const PARALLEL_MIN_ROWS = 100_000;

/** A candidate takes ~0.1 s to read at 25,000 replies; this long without one means a thread died. */
const STALL_MS = 120_000;

/** The compiled worker; absent when the sources run untranspiled (vitest), where reads stay in-process. */
const workerUrl = new URL('./read-worker.js', import.meta.url);

/**
 * How many threads should read `rows` stored rows of `jobs` candidates from `db`: 1 (in-process)
 * for small reads, in-memory stores, an open transaction (threads could not see its writes), or
 * when the worker is not compiled; else one per core, at most 4 and at most one per candidate.
 */
export function readThreads(db: Db, jobs: number, rows: number, requested?: number): number {
  if (db.memory || db.inTransaction || !existsSync(fileURLToPath(workerUrl))) return 1;
  if (requested !== undefined) return Math.max(1, Math.min(requested, jobs));
  if (rows < PARALLEL_MIN_ROWS) return 1;
  return Math.max(1, Math.min(availableParallelism(), 4, jobs));
}

/**
 * Reads the jobs' rows on `threads` worker threads, each with its own read-only connection (WAL
 * lets them read beside this one). Synchronous, like the rest of the metrics: this thread sleeps
 * on a shared counter the workers bump after each candidate and takes their messages with
 * receiveMessageOnPort. Results come back in job order, encoded.
 */
export function readInThreads(
  db: Db, jobs: readonly ReadJob[], present: ReadonlySet<string>, threads: number, versioned: boolean,
): EncodedRead[] {
  const done = new Int32Array(new SharedArrayBuffer(4));
  const ports: MessagePort[] = [];
  const workers: Worker[] = [];
  for (let t = 0; t < threads; t++) {
    const { port1, port2 } = new MessageChannel();
    // Candidates dealt round-robin: neighbours in a sweep have similar sizes.
    const mine = jobs.flatMap((job, index) => (index % threads === t ? [{ index, ...job }] : []));
    const data: ReadWorkerData = { dbPath: db.name, port: port2, done, present: [...present], jobs: mine, versioned };
    const worker = new Worker(workerUrl, { workerData: data, transferList: [port2] });
    worker.unref();
    workers.push(worker);
    ports.push(port1);
  }
  const out: (EncodedRead | undefined)[] = new Array(jobs.length);
  let received = 0;
  let seen = 0;
  let lastProgress = Date.now();
  try {
    while (received < jobs.length) {
      // The timeout only bounds a missed wake-up; messages are drained whatever woke us.
      Atomics.wait(done, 0, seen, 1000);
      if (Atomics.load(done, 0) !== seen) lastProgress = Date.now();
      else if (Date.now() - lastProgress > STALL_MS) throw new FaultError(`reading the store for metrics: no worker thread answered for ${STALL_MS / 1000} s`);
      seen = Atomics.load(done, 0);
      for (const port of ports) {
        for (let m = receiveMessageOnPort(port); m !== undefined; m = receiveMessageOnPort(port)) {
          const message = m.message as ReadWorkerMessage;
          if ('error' in message) throw new FaultError(`reading the store for metrics failed in a worker thread: ${message.error}`);
          out[message.index] = { dataVersion: message.dataVersion, rows: message.rows };
          received++;
        }
      }
    }
  } finally {
    for (const w of workers) void w.terminate();
    for (const p of ports) p.close();
  }
  return out as EncodedRead[];
}
