import { ExitCode } from './errors.js';
import { listServedModels } from './runner/discover.js';
import { runPlan } from './runner/run-plan.js';
import { openDb } from './store/db.js';
import { computeVerdict } from './verdict/compute.js';
import { formatWatchEvent } from './watch-format.js';
import { runShellHook } from './watch-hook.js';
import { watchPlan, type WatchDeps, type WatchEvent, type WatchOptions } from './watch.js';
import type { Workspace } from './workspace.js';

/** The real world: wall clock, timers, the plan's endpoint, the runner (which also grades), the store. */
export function defaultWatchDeps(ws: Workspace, emit: (e: WatchEvent) => void, env: NodeJS.ProcessEnv = process.env): WatchDeps {
  return {
    now: () => new Date(),
    sleep: abortableSleep,
    listModels: listServedModels,
    env,
    evaluate: (planPath, candidates, signal) => runPlan(planPath, { workspace: ws, selection: { candidates }, signal, env }),
    judge: async (experiment) => {
      const db = openDb(ws.storePath);
      try {
        return computeVerdict(db, ws, experiment, { onWarning: (p) => emit({ type: 'warning', message: p.message }) });
      } finally {
        db.close();
      }
    },
    runHook: (command, verdict) => runShellHook(command, verdict, env),
    emit,
  };
}

export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * `stoppoint watch` in a terminal: events as lines (or JSON lines) on stdout; Ctrl-C stops after
 * the replies in flight (a second Ctrl-C quits at once). Exit code: 130 interrupted, 3 when the
 * last verdict was stop, else 0.
 */
export async function watchInTerminal(planPath: string, ws: Workspace, options: Omit<WatchOptions, 'signal'>, output: { json: boolean }): Promise<number> {
  const stop = new AbortController();
  const onSigint = (): void => {
    if (stop.signal.aborted) process.exit(130);
    process.stderr.write('stopping after the replies in flight… (Ctrl-C again to quit now)\n');
    stop.abort(new Error('interrupted'));
  };
  const emit = (e: WatchEvent): void => {
    if (output.json) {
      process.stdout.write(JSON.stringify(e) + '\n');
      return;
    }
    const line = formatWatchEvent(e);
    if (line !== null) process.stdout.write(line + '\n');
  };
  process.on('SIGINT', onSigint);
  try {
    const result = await watchPlan(planPath, ws, { ...options, signal: stop.signal }, defaultWatchDeps(ws, emit));
    if (result.interrupted) return 130;
    return result.verdict?.verdict === 'stop' ? ExitCode.stop : ExitCode.ok;
  } finally {
    process.off('SIGINT', onSigint);
  }
}
