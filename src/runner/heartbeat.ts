import type { Db } from '../store/db.js';
import { beatRuns, HEARTBEAT_MS } from '../store/run-owner.js';

/**
 * Refreshes the heartbeat of this process's runs while it evaluates them, so another command can
 * tell them from runs whose process died (store/run-owner.ts). Returns the function that stops it;
 * the timer never keeps the process alive on its own.
 */
export function startHeartbeat(db: Db, runIds: readonly number[], everyMs: number = HEARTBEAT_MS, now: () => number = Date.now): () => void {
  const timer = setInterval(() => {
    try {
      beatRuns(db, runIds, now());
    } catch (err) {
      // Another process holding the write lock past the busy timeout costs one beat, not the run:
      // a run is taken for dead only after many missed beats, and the next one may get through.
      if ((err as { code?: string }).code !== 'SQLITE_BUSY') throw err;
    }
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
