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
 * The jobs' rows, read on `threads` worker threads, each with its own read-only connection (WAL
 * lets them read beside this one). Synchronous, like the rest of the metrics: `take` sleeps on a
 * shared counter the workers bump after each candidate and takes their messages with
 * receiveMessageOnPort. The workers read on while this thread works on what it has taken, so the
 * metrics of early candidates are computed during the reads of later ones.
 */
export class ThreadedRead {
  private readonly done = new Int32Array(new SharedArrayBuffer(4));
  private readonly ports: MessagePort[] = [];
  private readonly workers: Worker[] = [];
  /** Arrived, not yet taken (undefined: not arrived; null: taken). */
  private readonly out: (EncodedRead | null | undefined)[];
  private received = 0;
  private seen = 0;
  private lastProgress = Date.now();
  private closed = false;

  constructor(db: Db, jobs: readonly ReadJob[], present: ReadonlySet<string>, threads: number, versioned: boolean) {
    this.out = new Array<EncodedRead | undefined>(jobs.length);
    for (let t = 0; t < threads; t++) {
      const { port1, port2 } = new MessageChannel();
      // Candidates dealt round-robin, so they arrive roughly in the order they are taken.
      const mine = jobs.flatMap((job, index) => (index % threads === t ? [{ index, ...job }] : []));
      const data: ReadWorkerData = { dbPath: db.name, port: port2, done: this.done, present: [...present], jobs: mine, versioned };
      const worker = new Worker(workerUrl, { workerData: data, transferList: [port2] });
      worker.unref();
      this.workers.push(worker);
      this.ports.push(port1);
    }
  }

  /** The rows of job `index` (once), waiting for them if no worker has sent them yet. */
  take(index: number): EncodedRead {
    if (this.out[index] === null) throw new RangeError(`ThreadedRead: job ${index} was already taken`);
    while (this.out[index] === undefined) this.wait();
    const read = this.out[index]!;
    this.out[index] = null;
    if (this.received === this.out.length) this.close();
    return read;
  }

  /** Stops the workers (also when the caller gives up early, e.g. on an error). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const w of this.workers) void w.terminate();
    for (const p of this.ports) p.close();
  }

  private wait(): void {
    if (this.closed) throw new FaultError('reading the store for metrics: the worker threads were stopped');
    // The timeout only bounds a missed wake-up; messages are drained whatever woke us.
    Atomics.wait(this.done, 0, this.seen, 1000);
    const now = Atomics.load(this.done, 0);
    if (now !== this.seen) this.lastProgress = Date.now();
    else if (Date.now() - this.lastProgress > STALL_MS) this.fail(`no worker thread answered for ${STALL_MS / 1000} s`);
    this.seen = now;
    for (const port of this.ports) {
      for (let m = receiveMessageOnPort(port); m !== undefined; m = receiveMessageOnPort(port)) {
        const message = m.message as ReadWorkerMessage;
        if ('error' in message) this.fail(`failed in a worker thread: ${message.error}`);
        else {
          this.out[message.index] = { dataVersion: message.dataVersion, rows: message.rows };
          this.received++;
        }
      }
    }
  }

  private fail(why: string): never {
    this.close();
    throw new FaultError(`reading the store for metrics ${why}`);
  }
}
