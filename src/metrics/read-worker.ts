/**
 * Worker thread of parallel-read.ts: opens the store read-only and reads the rows of the candidates
 * it is given, posting one message per candidate and counting it in the shared cell the main thread
 * waits on.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type { RunKey } from './read-rows.js';
import type { EncodedRunRows } from './rows-codec.js';

export interface ReadWorkerData {
  dbPath: string;
  port: MessagePort;
  done: Int32Array;
  present: string[];
  jobs: { index: number; candidateId: number; runs: RunKey[] }[];
  /** Read each candidate's data version with its rows (the store has migration 006). */
  versioned: boolean;
}

export type ReadWorkerMessage =
  | { index: number; dataVersion: number | null; rows: EncodedRunRows[] }
  | { error: string };

async function main(data: ReadWorkerData): Promise<void> {
  const post = (message: ReadWorkerMessage, transfer: ArrayBuffer[] = []): void => {
    data.port.postMessage(message, transfer);
    Atomics.add(data.done, 0, 1);
    Atomics.notify(data.done, 0);
  };
  try {
    // Imported here, not statically, so a module that fails to load is reported like any other
    // error instead of leaving the main thread waiting for messages that never come.
    const { openDb } = await import('../store/db.js');
    const { readCandidateRows } = await import('./read-rows.js');
    const { encodeRunRows, transferables } = await import('./rows-codec.js');
    const db = openDb(data.dbPath, { readonly: true });
    try {
      const present = new Set(data.present);
      for (const job of data.jobs) {
        const read = readCandidateRows(db, job.candidateId, job.runs, present, data.versioned);
        const rows = read.rows.map(encodeRunRows);
        post({ index: job.index, dataVersion: read.dataVersion, rows }, transferables(rows));
      }
    } finally {
      db.close();
    }
  } catch (err) {
    post({ error: err instanceof Error ? err.message : String(err) });
  }
}

if (parentPort) void main(workerData as ReadWorkerData);
