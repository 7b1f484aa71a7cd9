import type { Db } from './db.js';

export interface HookRun {
  experiment: string;
  hook: string;
  command: string;
  verdictJson: string;
  startedAt: string;
  finishedAt: string | null;
  exitCode: number | null;
}

/**
 * Claims a hook for an experiment: true when this call recorded it (the caller now runs the
 * command), false when it was recorded before. One statement, so two watchers cannot both claim it.
 */
export function claimHook(db: Db, run: { experiment: string; hook: string; command: string; verdictJson: string; startedAt: Date }): boolean {
  const info = db
    .prepare('INSERT OR IGNORE INTO hook_runs (experiment, hook, command, verdict_json, started_at) VALUES (?, ?, ?, ?, ?)')
    .run(run.experiment, run.hook, run.command, run.verdictJson, run.startedAt.toISOString());
  return info.changes === 1;
}

export function finishHook(db: Db, experiment: string, hook: string, exitCode: number | null, finishedAt: Date): void {
  db.prepare('UPDATE hook_runs SET finished_at = ?, exit_code = ? WHERE experiment = ? AND hook = ?').run(finishedAt.toISOString(), exitCode, experiment, hook);
}

export function findHookRun(db: Db, experiment: string, hook: string): HookRun | undefined {
  const row = db
    .prepare('SELECT experiment, hook, command, verdict_json, started_at, finished_at, exit_code FROM hook_runs WHERE experiment = ? AND hook = ?')
    .get(experiment, hook) as
    | { experiment: string; hook: string; command: string; verdict_json: string; started_at: string; finished_at: string | null; exit_code: number | null }
    | undefined;
  if (row === undefined) return undefined;
  return {
    experiment: row.experiment,
    hook: row.hook,
    command: row.command,
    verdictJson: row.verdict_json,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    exitCode: row.exit_code,
  };
}
