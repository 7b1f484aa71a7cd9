import { FaultError, InputError } from './errors.js';
import { addRun, type AddRunOptions } from './plan/add-run.js';
import { appendCandidates, readPlanForEdit } from './plan/append.js';
import type { Candidate } from './plan/schema.js';
import { candidateForModel, newModels, type ListModels } from './runner/discover.js';
import type { RunSummary } from './runner/summary.js';
import { openDb } from './store/db.js';
import { claimHook, finishHook, findHookRun } from './store/hooks.js';
import type { Verdict } from './verdict/schema.js';
import type { Workspace } from './workspace.js';

export interface WatchOptions {
  intervalMs: number;
  /** Stop after this many polls (cron jobs, tests); default: until interrupted. */
  maxPolls?: number;
  /** A training output folder to poll for new `checkpoint-N/` folders. */
  outputDir?: string;
  addRun?: Pick<AddRunOptions, 'config' | 'namePrefix' | 'modelTemplate'>;
  /** Add every model the endpoint serves that is not a candidate yet (as `run --discover --yes`). */
  discover: boolean;
  /** Only served model ids this matches are added by `discover`. */
  match?: RegExp;
  /** Shell command run once when the verdict is `stop` (recorded in the store: never twice). */
  onStop?: string;
  /** Ctrl-C: the poll in progress ends cleanly (the runner keeps what arrived), then watch returns. */
  signal?: AbortSignal;
}

/** The outside world, injected so the loop runs in tests without waiting or a real clock. */
export interface WatchDeps {
  now(): Date;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  listModels: ListModels;
  env: NodeJS.ProcessEnv;
  /** Evaluates these candidates on the full probe sets and grades the new replies (resumable: only what is missing). */
  evaluate(planPath: string, candidates: string[], signal: AbortSignal): Promise<RunSummary>;
  /** Computes the verdict of the experiment from the store. */
  judge(experiment: string): Promise<Verdict>;
  /** Runs the on-stop command; resolves to its exit code. */
  runHook(command: string, verdict: Verdict): Promise<number | null>;
  emit(event: WatchEvent): void;
}

export type WatchEvent =
  | { type: 'poll'; poll: number; at: string }
  | { type: 'added'; source: 'output-dir' | 'endpoint'; candidates: Candidate[] }
  | { type: 'waiting'; candidates: string[]; reason: string }
  | { type: 'evaluated'; summary: RunSummary }
  | { type: 'verdict'; verdict: Verdict }
  | { type: 'hook'; hook: 'on-stop'; command: string; exitCode: number | null; ranBefore?: string }
  | { type: 'warning'; message: string }
  | { type: 'stopped'; reason: 'interrupted' | 'max-polls'; polls: number };

export interface WatchResult {
  polls: number;
  interrupted: boolean;
  /** Candidates evaluated to completion during this watch. */
  evaluated: string[];
  verdict: Verdict | null;
}

const ON_STOP = 'on-stop';

/**
 * `stoppoint watch`: poll the training output folder and/or the endpoint; add what is new to the
 * plan (in place, atomically), evaluate every candidate that is served and not yet complete,
 * recompute the verdict when replies arrived, and run `--on-stop` once when it says stop. All
 * state lives in the plan and the store, so a restart picks up where the last watch left off.
 */
export async function watchPlan(planPath: string, ws: Workspace, options: WatchOptions, deps: WatchDeps): Promise<WatchResult> {
  const signal = options.signal ?? new AbortController().signal;
  const settled = new Set<string>();
  let verdict: Verdict | null = null;
  let poll = 0;
  while (!signal.aborted) {
    poll++;
    deps.emit({ type: 'poll', poll, at: deps.now().toISOString() });
    const served = await addNew(planPath, ws, options, deps, poll === 1);
    const evaluated = await evaluatePending(planPath, served, settled, signal, deps);
    if (signal.aborted) break;
    if (evaluated === 'new-replies' || (evaluated === 'nothing-new' && verdict === null)) {
      verdict = await deps.judge(readPlanForEdit(planPath).name);
      deps.emit({ type: 'verdict', verdict });
      if (verdict.verdict === 'stop' && options.onStop !== undefined) await onStop(ws, options.onStop, verdict, deps);
    }
    if (options.maxPolls !== undefined && poll >= options.maxPolls) {
      deps.emit({ type: 'stopped', reason: 'max-polls', polls: poll });
      return { polls: poll, interrupted: false, evaluated: [...settled], verdict };
    }
    await deps.sleep(options.intervalMs, signal);
  }
  deps.emit({ type: 'stopped', reason: 'interrupted', polls: poll });
  return { polls: poll, interrupted: true, evaluated: [...settled], verdict };
}

/** Appends new checkpoints / served models to the plan. Returns the served model ids, or null when the endpoint could not say. */
async function addNew(planPath: string, ws: Workspace, options: WatchOptions, deps: WatchDeps, first: boolean): Promise<Set<string> | null> {
  if (options.outputDir !== undefined) {
    const r = addRun(planPath, options.outputDir, ws, { ...options.addRun, allowEmpty: true });
    if (first) for (const message of r.warnings) deps.emit({ type: 'warning', message });
    if (r.added.length > 0) deps.emit({ type: 'added', source: 'output-dir', candidates: r.added });
  }
  const plan = readPlanForEdit(planPath);
  let served: Set<string> | null = null;
  try {
    served = new Set(await deps.listModels(plan.endpoint, deps.env));
  } catch (err) {
    if (!(err instanceof FaultError)) throw err;
    // A server restarting to load a new adapter is normal while training: try again next poll.
    deps.emit({ type: 'warning', message: `${err.message}; will ask again next poll` });
  }
  if (options.discover && served !== null) {
    const ids = newModels(plan.candidates, [...served], { judge: plan.judge?.model, match: options.match });
    if (ids.length > 0) {
      const r = appendCandidates(planPath, ids.map(candidateForModel));
      if (r.added.length > 0) deps.emit({ type: 'added', source: 'endpoint', candidates: r.added });
    }
  }
  return served;
}

type Evaluated = 'new-replies' | 'nothing-new' | 'nothing-ready';

/** Evaluates every candidate not known complete whose model the endpoint serves (all, when it could not say). */
async function evaluatePending(planPath: string, served: Set<string> | null, settled: Set<string>, signal: AbortSignal, deps: WatchDeps): Promise<Evaluated> {
  const pending = readPlanForEdit(planPath).candidates.filter((c) => !settled.has(c.name));
  // A candidate with its own endpoint is not listed by the plan's: it is evaluated as it is.
  const isServed = (c: Candidate): boolean => served === null || c.endpoint !== undefined || served.has(c.model);
  const ready = pending.filter(isServed).map((c) => c.name);
  const waiting = pending.filter((c) => !isServed(c)).map((c) => c.name);
  if (waiting.length > 0) deps.emit({ type: 'waiting', candidates: waiting, reason: 'the endpoint does not serve their model yet' });
  if (ready.length === 0) return 'nothing-ready';
  let summary: RunSummary;
  try {
    summary = await deps.evaluate(planPath, ready, signal);
  } catch (err) {
    if (!(err instanceof FaultError)) throw err;
    deps.emit({ type: 'warning', message: `evaluation stopped: ${err.message}; will try again next poll` });
    return 'nothing-ready';
  }
  deps.emit({ type: 'evaluated', summary });
  for (const o of summary.candidates) if (o.status === 'complete') settled.add(o.name);
  return summary.candidates.some((o) => o.sent > 0) ? 'new-replies' : 'nothing-new';
}

/** Runs the on-stop command at most once per experiment: the claim is stored before it starts. */
async function onStop(ws: Workspace, command: string, verdict: Verdict, deps: WatchDeps): Promise<void> {
  const db = openDb(ws.storePath);
  try {
    const claimed = claimHook(db, { experiment: verdict.experiment, hook: ON_STOP, command, verdictJson: JSON.stringify(verdict), startedAt: deps.now() });
    if (!claimed) {
      const before = findHookRun(db, verdict.experiment, ON_STOP);
      deps.emit({ type: 'hook', hook: ON_STOP, command: before?.command ?? command, exitCode: before?.exitCode ?? null, ranBefore: before?.startedAt ?? 'unknown' });
      return;
    }
    let exitCode: number | null = null;
    try {
      exitCode = await deps.runHook(command, verdict);
    } finally {
      finishHook(db, verdict.experiment, ON_STOP, exitCode, deps.now());
    }
    deps.emit({ type: 'hook', hook: ON_STOP, command, exitCode });
  } finally {
    db.close();
  }
}

/** `60s`, `5m`, `1h`, `500ms`, or a plain number of seconds. */
export function parseInterval(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(text);
  if (!m) throw new InputError(`--interval "${text}": write a duration such as 30s, 5m or 1h`);
  const n = Number(m[1]);
  const ms = n * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
  if (ms < 1) throw new InputError(`--interval "${text}" is too short`);
  return Math.round(ms);
}
