import { hostname } from 'node:os';
import type { Db } from './db.js';

/**
 * Who owns a `running` run: the process evaluating it. A run killed with kill -9 (or by a power
 * loss) never records its ending; these let any later command on the store tell it from a run
 * still going on in another process, and record it as `interrupted` (migration 005).
 */
export interface RunOwner {
  pid: number;
  host: string;
}

export function currentOwner(): RunOwner {
  return { pid: process.pid, host: hostname() };
}

/** How often a live runner refreshes its runs' heartbeat. */
export const HEARTBEAT_MS = 10_000;
/**
 * A run whose last heartbeat is older than this is stale even when a process with its pid lives
 * (the pid was reused) or when its owner is on another host (its pid cannot be checked from here).
 * Many missed beats, so a busy or briefly suspended runner is not mistaken for a dead one.
 */
export const STALE_AFTER_MS = 120_000;

/** True while a process with this pid exists on this host (EPERM: it exists but is not ours). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** What a reaper needs from the outside world, passed in so tests can stage any owner. */
export interface Liveness {
  now: number;
  host: string;
  alive: (pid: number) => boolean;
}

interface RunningRow {
  id: number;
  ownerPid: number | null;
  ownerHost: string | null;
  heartbeatAt: number | null;
  startedAt: string;
}

/** The run's last sign of life: its heartbeat, or (rows from before migration 005) its start. */
function lastSeen(r: RunningRow): number {
  return r.heartbeatAt ?? Date.parse(r.startedAt);
}

/** Whether a `running` row's owner is gone: a dead pid on this host, else a heartbeat gone stale. */
export function isAbandoned(r: RunningRow, live: Liveness): boolean {
  if (r.ownerPid !== null && r.ownerHost === live.host && !live.alive(r.ownerPid)) return true;
  return live.now - lastSeen(r) > STALE_AFTER_MS;
}

/**
 * Records every `running` run whose owner is gone as `interrupted`, finished at its last sign of
 * life, and returns their ids. Cheap when nothing is stale (one indexed read, no write), so every
 * command that opens the store for writing runs it. The update only takes a row whose heartbeat
 * is still the one read: an owner that beat in between is alive after all.
 */
export function reapAbandonedRuns(db: Db, live: Liveness = { now: Date.now(), host: hostname(), alive: pidAlive }): number[] {
  const rows = db
    .prepare(
      `SELECT id, owner_pid AS ownerPid, owner_host AS ownerHost, heartbeat_at AS heartbeatAt, started_at AS startedAt
       FROM runs WHERE status = 'running'`,
    )
    .all() as RunningRow[];
  const gone = rows.filter((r) => isAbandoned(r, live));
  if (gone.length === 0) return [];
  const mark = db.prepare(
    `UPDATE runs SET status = 'interrupted', finished_at = ? WHERE id = ? AND status = 'running' AND heartbeat_at IS ?`,
  );
  return db.transaction(() => {
    const reaped: number[] = [];
    for (const r of gone) {
      if (mark.run(new Date(lastSeen(r)).toISOString(), r.id, r.heartbeatAt).changes === 1) reaped.push(r.id);
    }
    return reaped;
  }).immediate();
}

/**
 * The owner's heartbeat on its runs. A run another command took for abandoned (its owner was
 * suspended past STALE_AFTER_MS, say) is `running` again: its owner is plainly alive.
 */
export function beatRuns(db: Db, runIds: readonly number[], now: number): void {
  if (runIds.length === 0) return;
  const beat = db.prepare(
    `UPDATE runs SET heartbeat_at = ?, status = 'running', finished_at = NULL
     WHERE id = ? AND status IN ('running', 'interrupted')`,
  );
  db.transaction(() => {
    for (const id of runIds) beat.run(now, id);
  })();
}
