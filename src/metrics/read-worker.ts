/**
 * Worker thread of parallel-read.ts: opens the store read-only and reads the rows of the candidates
 * it is given, posting one message per candidate and counting it in the shared cell the main thread
 * waits on.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type { readCandidateRows, RunKey } from './read-rows.js';

export interface ReadWorkerData {
  dbPath: string;
  port: MessagePort;
  done: Int32Array;
  present: string[];
  jobs: { index: number; candidateId: number; runs: RunKey[] }[];
}

export type ReadWorkerMessage =
  | { index: number; rows: ReturnType<typeof readCandidateRows> }
  | { error: string };

async function main(data: ReadWorkerData): Promise<void> {
  const post = (message: ReadWorkerMessage): void => {
    data.port.postMessage(message);
    Atomics.add(data.done, 0, 1);
    Atomics.notify(data.done, 0);
  };
  try {
    // Imported here, not statically, so a module that fails to load is reported like any other
    // error instead of leaving the main thread waiting for messages that never come.
    const { openDb } = await import('../store/db.js');
    const { readCandidateRows } = await import('./read-rows.js');
    const db = openDb(data.dbPath, { readonly: true });
    try {
      const present = new Set(data.present);
      for (const job of data.jobs) post({ index: job.index, rows: readCandidateRows(db, job.candidateId, job.runs, present) });
    } finally {
      db.close();
    }
  } catch (err) {
    post({ error: err instanceof Error ? err.message : String(err) });
  }
}

if (parentPort) void main(workerData as ReadWorkerData);
