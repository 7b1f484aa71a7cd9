import { randomInt } from 'node:crypto';
import { loadPlan, type LoadedPlan } from '../plan/load.js';
import { openDb, type Db } from '../store/db.js';
import { finishRun, upsertExperiment, type RunStatus } from '../store/experiments.js';
import { createResponseWriter, type WriterOptions } from '../store/responses.js';
import { openWorkspace, type Workspace } from '../workspace.js';
import { afterRun } from './after-run.js';
import { createBudget } from './budget.js';
import { ignoreEvents, type RunnerListener } from './events.js';
import { execute } from './execute.js';
import { startHeartbeat } from './heartbeat.js';
import { buildJobs, connect, selectCandidates, snapshotSets, type OpenClient } from './jobs.js';
import { DEFAULT_RETRY, type RetryPolicy } from './retry.js';
import { subsetLabel, type Subset } from './subset.js';
import { coverageOfJob, runOutcome, runStatus, type CandidateOutcome, type RunSummary } from './summary.js';

/** Which part of the plan to evaluate. Anything but the full set is recorded as a subset. */
export interface RunSelection {
  candidates?: readonly string[];
  subset?: Subset | null;
}

/** Knobs that change how fast, not what, is evaluated. */
export interface RunTuning {
  concurrency?: number;
  rps?: number;
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** After Ctrl-C, how long requests in flight may finish (default 3 s). */
  graceMs?: number;
  batch?: WriterOptions;
}

/** The outside world: environment (API keys), stop signal, event listener, clocks and randomness. */
export interface RunContext {
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  listener?: RunnerListener;
  random?: () => number;
  /** How a client for an endpoint is made (tests inject an in-process fake); default: the openai SDK. */
  openClient?: OpenClient;
}

/**
 * Evaluates a loaded plan into an open store: snapshots the pinned probe-set versions, sends only
 * what is missing for each candidate, commits in batches, and records each run's status.
 */
export async function evaluatePlan(
  db: Db,
  loaded: LoadedPlan,
  selection: RunSelection = {},
  tuning: RunTuning = {},
  context: RunContext = {},
): Promise<RunSummary> {
  const { plan } = loaded;
  const started = performance.now();
  const listener = context.listener ?? ignoreEvents;
  const candidates = selectCandidates(plan, selection.candidates);
  const connections = connect(plan, candidates, context.env ?? process.env, tuning, context.openClient); // before any write
  const now = new Date();
  const { candidates: stored } = upsertExperiment(db, plan, loaded.path, now);
  const setVersionIds = snapshotSets(db, loaded, now);
  const subset = selection.subset ?? null;
  const jobs = buildJobs({ db, loaded, setVersionIds, subset, now }, candidates, stored, connections);

  const alreadyDone = new Map<string, number>();
  for (const job of jobs) {
    alreadyDone.set(job.name, job.sets.reduce((n, s) => n + s.expected - coverageOfJob(db, job, s, plan.repeats).missing, 0));
  }
  const budget = createBudget(plan.budget, plan.prices);
  const writer = createResponseWriter(db, tuning.batch);
  const stop = context.signal ?? new AbortController().signal;
  const finishAll = (status: RunStatus): void => {
    const at = new Date();
    for (const job of jobs) for (const s of job.sets) finishRun(db, s.runId, status, at);
  };

  // Beats until the runs' endings are recorded: stopped first, so no beat lands after an ending.
  const stopBeat = startHeartbeat(db, jobs.flatMap((job) => job.sets.map((s) => s.runId)));
  let result;
  try {
    result = await execute(
      jobs,
      alreadyDone,
      {
        repeats: plan.repeats,
        concurrency: tuning.concurrency ?? plan.concurrency,
        sampling: { temperature: plan.sampling.temperature, max_tokens: plan.sampling.max_tokens, top_p: plan.sampling.top_p, seedBase: plan.sampling.seed },
        policy: { ...DEFAULT_RETRY, ...tuning.retry },
        graceMs: tuning.graceMs ?? 3000,
      },
      {
        db, writer, budget, listener, stop,
        clock: () => performance.now(),
        now: () => Date.now(),
        random: context.random ?? (() => randomInt(0, 2 ** 31) / 2 ** 31),
      },
    );
  } catch (err) {
    stopBeat();
    writer.close();
    finishAll('partial'); // a fatal answer (401/403/404) ends the run; what arrived is kept
    throw err;
  }
  stopBeat();
  writer.close();

  const outcomes: CandidateOutcome[] = [];
  const finishedAt = new Date();
  for (const job of jobs) {
    const t = result.trackers.get(job.name)!;
    const o: CandidateOutcome = {
      name: job.name, expected: 0, replied: 0, errors: 0, status: 'complete',
      subset: subset ? subsetLabel(subset) : null,
      sent: t.stats.sent, retries: t.stats.retries, failures: [],
    };
    for (const s of job.sets) {
      const cov = coverageOfJob(db, job, s, plan.repeats);
      const errors = cov.failures.reduce((n, g) => n + g.count, 0);
      const status = runStatus(cov.missing === 0, s.only !== null, result.stoppedBy);
      finishRun(db, s.runId, status, finishedAt);
      o.expected += s.expected;
      o.replied += s.expected - cov.missing;
      o.errors += errors;
      o.failures.push(...cov.failures);
      if (status !== 'complete') o.status = status;
    }
    outcomes.push(o);
  }
  const summary: RunSummary = {
    experiment: plan.name,
    outcome: runOutcome(outcomes.map((o) => o.status), result.stoppedBy),
    stopReason: result.stoppedBy === 'interrupt' ? 'interrupted' : result.stoppedBy === 'budget' ? budget.exhausted() : null,
    candidates: outcomes,
    requests: budget.requests,
    tokens: budget.tokens,
    usd: budget.usd,
    elapsedMs: Math.round(performance.now() - started),
  };
  listener({ type: 'run-end', status: summary.outcome, elapsedMs: summary.elapsedMs, requests: summary.requests });
  return summary;
}

export interface RunPlanOptions extends RunContext {
  workspace?: string | Workspace;
  selection?: RunSelection;
  tuning?: RunTuning;
}

/**
 * A run as `stoppoint run` does it: evaluate, then (unless interrupted) import the plan's training
 * logs and grade the new replies, so metrics and the verdict can follow at once.
 */
export async function evaluateAndGrade(
  db: Db,
  ws: Workspace,
  loaded: LoadedPlan,
  options: Pick<RunPlanOptions, 'selection' | 'tuning'> & RunContext,
): Promise<RunSummary> {
  const summary = await evaluatePlan(db, loaded, options.selection, options.tuning, options);
  if (summary.outcome === 'interrupted') return { ...summary, grading: null, notes: [] };
  const after = await afterRun(db, ws, summary.experiment, options.env ?? process.env);
  return { ...summary, grading: after.grading, notes: after.notes };
}

/** Library entry point: load the plan, evaluate and grade it into the workspace's store, return the summary. */
export async function runPlan(planPath: string, options: RunPlanOptions = {}): Promise<RunSummary> {
  const ws = typeof options.workspace === 'object' ? options.workspace : openWorkspace(options.workspace);
  const loaded = loadPlan(planPath, ws);
  const db = openDb(ws.storePath);
  try {
    return await evaluateAndGrade(db, ws, loaded, options);
  } finally {
    db.close();
  }
}
