import { setMaxListeners } from 'node:events';
import type { Db } from '../store/db.js';
import type { ResponseRow, ResponseWriter } from '../store/responses.js';
import type { BudgetTracker } from './budget.js';
import { estimateTokens } from './budget.js';
import type { ChatClient, ChatReply } from './client.js';
import type { RunnerListener } from './events.js';
import { runPool } from './limiter.js';
import { AttemptsFailed, classify, withRetry, type RetryPolicy } from './retry.js';
import { ConnectionBreaker } from './breaker.js';
import { CandidateTracker } from './tracker.js';
import { workStream, type CandidateJob, type WorkItem } from './work.js';

/** The request parameters shared by every probe of a run. */
export interface SamplingParams {
  temperature: number;
  max_tokens: number;
  top_p?: number;
  /** seed sent = seedBase + sample index: repeats differ, a rerun sends the same seeds. */
  seedBase: number;
}

export interface ExecuteConfig {
  repeats: number;
  concurrency: number;
  sampling: SamplingParams;
  policy: RetryPolicy;
  /** After a stop request, how long in-flight requests may still finish before they are cut. */
  graceMs: number;
}

/** Side effects, passed in so tests control them. */
export interface ExecuteDeps {
  db: Db;
  writer: ResponseWriter;
  budget: BudgetTracker;
  listener: RunnerListener;
  /** Monotonic milliseconds. */
  clock: () => number;
  /** Wall-clock unix ms for stored rows. */
  now: () => number;
  random: () => number;
  /** Aborted on Ctrl-C: stop starting work, let in-flight requests finish within graceMs. */
  stop: AbortSignal;
}

export interface ExecuteResult {
  stoppedBy: 'interrupt' | 'budget' | null;
  trackers: Map<string, CandidateTracker>;
}

export function seedFor(seedBase: number, sample: number): number {
  return seedBase + sample;
}

/**
 * The run loop: streams the missing work of every candidate through a pool of `concurrency`
 * workers; each request is retried by policy and its outcome is buffered for a batched commit.
 */
export async function execute(
  jobs: readonly CandidateJob[],
  alreadyDone: ReadonlyMap<string, number>,
  config: ExecuteConfig,
  deps: ExecuteDeps,
): Promise<ExecuteResult> {
  const trackers = new Map<string, CandidateTracker>();
  for (const job of jobs) {
    const total = job.sets.reduce((n, s) => n + s.expected, 0);
    trackers.set(job.name, new CandidateTracker(job.name, total, alreadyDone.get(job.name) ?? 0, deps.listener, deps.clock));
  }
  const tracker = (job: CandidateJob): CandidateTracker => trackers.get(job.name)!;
  // One breaker per endpoint: trips after as many straight connection failures as there are workers (≥ 8).
  const breakers = new Map<ChatClient, ConnectionBreaker>();
  const breakerOf = (job: CandidateJob): ConnectionBreaker => {
    let b = breakers.get(job.client);
    if (!b) breakers.set(job.client, (b = new ConnectionBreaker(job.client.baseUrl, Math.max(8, config.concurrency))));
    return b;
  };

  // Hard stop: cuts in-flight requests once the grace period after a stop request has passed.
  const hard = new AbortController();
  // One listener per request in flight: as many as `concurrency`, by design.
  setMaxListeners(0, hard.signal, deps.stop);
  let graceTimer: NodeJS.Timeout | undefined;
  const onStop = (): void => {
    deps.listener({ type: 'stopping', reason: 'interrupt', detail: 'finishing requests in flight' });
    graceTimer = setTimeout(() => hard.abort(new Error('stopped')), config.graceMs);
  };
  if (deps.stop.aborted) onStop();
  else deps.stop.addEventListener('abort', onStop, { once: true });

  let budgetReason: string | null = null;
  const stopped = (): boolean => {
    if (deps.stop.aborted) return true;
    if (budgetReason === null) {
      budgetReason = deps.budget.exhausted();
      if (budgetReason) deps.listener({ type: 'stopping', reason: 'budget', detail: budgetReason });
    }
    return budgetReason !== null;
  };

  const stream = workStream(deps.db, jobs, config.repeats, {
    enter: (job) => {
      const t = tracker(job);
      t.start(t.total - t.alreadyDone);
    },
    leave: (job) => tracker(job).leave(),
  });
  const next = (): WorkItem | undefined => {
    const r = stream.next();
    return r.done ? undefined : r.value;
  };

  try {
    await runPool(config.concurrency, next, (item) => send(item, tracker(item.job), breakerOf(item.job), config, deps, hard.signal), stopped);
  } finally {
    clearTimeout(graceTimer);
    deps.stop.removeEventListener('abort', onStop);
    stream.return(undefined);
    deps.writer.flush();
    for (const t of trackers.values()) t.forceEnd();
  }
  const stoppedBy = deps.stop.aborted ? 'interrupt' : budgetReason !== null ? 'budget' : null;
  return { stoppedBy, trackers };
}

/** Sends one probe-sample (with retries) and buffers its row; a request cut by a stop is dropped. */
async function send(
  item: WorkItem,
  t: CandidateTracker,
  breaker: ConnectionBreaker,
  config: ExecuteConfig,
  deps: ExecuteDeps,
  hard: AbortSignal,
): Promise<void> {
  const { job, sample } = item;
  const seed = seedFor(config.sampling.seedBase, sample);
  t.begin();
  deps.budget.start();
  let latencyMs = 0;
  const row = (extra: Partial<ResponseRow> & Pick<ResponseRow, 'attempts'>): ResponseRow => ({
    candidateId: job.candidateId, probeRow: item.probeRow, sample, runId: item.set.runId, seed,
    text: null, finishReason: null, latencyMs: null, promptTokens: null, completionTokens: null, fingerprint: null,
    errorClass: null, errorMessage: null, createdAt: deps.now(), ...extra,
  });
  try {
    await job.gate.wait(deps.stop);
    const ctx = { model: job.model, baseUrl: job.client.baseUrl, keyEnv: job.client.keyEnv, secrets: [job.client.secret] };
    const params = {
      model: job.model, messages: item.messages, temperature: config.sampling.temperature,
      max_tokens: config.sampling.max_tokens, top_p: config.sampling.top_p, seed,
    };
    // The client enforces the per-request deadline (body included); `hard` cuts requests after a stop.
    const attempt = async (): Promise<ChatReply> => {
      const t0 = deps.clock();
      try {
        return await job.client.complete(params, hard);
      } finally {
        latencyMs = Math.round(deps.clock() - t0);
      }
    };
    const { value, attempts } = await withRetry(attempt, (err) => classify(err, ctx), {
      policy: config.policy, random: deps.random, signal: deps.stop, onRetry: () => t.retried(),
    });
    deps.budget.spend(
      value.promptTokens ?? estimateTokens(item.messages.map((m) => m.content).join('\n')),
      value.completionTokens ?? estimateTokens(value.text),
    );
    deps.writer.add(row({
      attempts, text: value.text, finishReason: value.finishReason, latencyMs,
      promptTokens: value.promptTokens, completionTokens: value.completionTokens, fingerprint: value.fingerprint,
    }));
    t.finish('reply');
    breaker.success();
  } catch (err) {
    if (err instanceof AttemptsFailed && !deps.stop.aborted) {
      deps.writer.add(row({ attempts: err.attempts, latencyMs, errorClass: err.classified.errorClass, errorMessage: err.classified.message }));
      t.finish('error');
      breaker.failure(err.classified, err.attempts); // throws when the endpoint is down altogether
      return;
    }
    t.finish('dropped');
    if (deps.stop.aborted) return; // stopped mid-request or mid-wait: missing, sent again on resume
    throw err; // fatal (401/403/404) or a bug: stops the run
  }
}
