import { InputError } from '../errors.js';
import type { LoadedPlan } from '../plan/load.js';
import { openDb } from '../store/db.js';
import type { Workspace } from '../workspace.js';
import { formatRunSummary } from './format.js';
import { createProgressDisplay, type ProgressMode } from './progress.js';
import { evaluateAndGrade, type RunSelection, type RunTuning } from './run-plan.js';
import { exitCodeForRun, type RunSummary } from './summary.js';

export interface TerminalRunOptions {
  selection: RunSelection;
  tuning: RunTuning;
  json: boolean;
  quiet: boolean;
}

/**
 * `stoppoint run` in a terminal: progress on stderr, Ctrl-C stops cleanly (a second Ctrl-C quits at
 * once), the summary (or JSON) on stdout. Returns the exit code.
 */
export async function runWithTerminal(ws: Workspace, loaded: LoadedPlan, options: TerminalRunOptions): Promise<number> {
  checkTuning(options.tuning);
  const mode: ProgressMode = options.quiet ? 'quiet' : process.stderr.isTTY ? 'tty' : 'lines';
  const display = createProgressDisplay(process.stderr, mode);
  const stop = new AbortController();
  const onSigint = (): void => {
    if (stop.signal.aborted) process.exit(130);
    stop.abort(new Error('interrupted'));
  };
  process.on('SIGINT', onSigint);
  const db = openDb(ws.storePath);
  let summary: RunSummary;
  try {
    summary = await evaluateAndGrade(db, ws, loaded, {
      selection: options.selection, tuning: options.tuning, signal: stop.signal, listener: display.listener,
    });
  } finally {
    display.stop();
    process.off('SIGINT', onSigint);
    db.close();
  }
  if (options.json) process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
  else if (!options.quiet || summary.outcome !== 'complete') process.stdout.write(formatRunSummary(summary) + '\n');
  return exitCodeForRun(summary);
}

/** Flags arrive as plain numbers from yargs; refuse nonsense before anything starts. */
export function checkTuning(t: RunTuning): void {
  const problems: string[] = [];
  if (t.concurrency !== undefined && !(Number.isInteger(t.concurrency) && t.concurrency >= 1 && t.concurrency <= 1024)) {
    problems.push(`--concurrency must be a whole number from 1 to 1024 (got ${t.concurrency})`);
  }
  if (t.rps !== undefined && !(t.rps > 0)) problems.push(`--rps must be a positive number (got ${t.rps})`);
  if (t.timeoutMs !== undefined && !(Number.isInteger(t.timeoutMs) && t.timeoutMs >= 1)) {
    problems.push(`--timeout must be a whole number of milliseconds ≥ 1 (got ${t.timeoutMs})`);
  }
  const attempts = t.retry?.maxAttempts;
  if (attempts !== undefined && !(Number.isInteger(attempts) && attempts >= 1 && attempts <= 100)) {
    problems.push(`--max-attempts must be a whole number from 1 to 100 (got ${attempts})`);
  }
  if (problems.length) throw new InputError(problems.map((message) => ({ message })));
}
