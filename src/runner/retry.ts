import pRetry, { AbortError } from 'p-retry';
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
} from 'openai';
import { FaultError } from '../errors.js';
import { MalformedReplyError } from './client.js';
import { clip, redact } from './redact.js';

/** Why an attempt failed, as stored in `responses.error_class`. */
export type ErrorClass =
  | 'rate_limited'
  | 'server_error'
  | 'timeout'
  | 'connection'
  | 'malformed'
  | 'bad_request'
  | 'unknown';

/** retry: try again after a wait; final: record the error, no retry; fatal: stop the whole run. */
export type Disposition = 'retry' | 'final' | 'fatal';

export interface Classified {
  disposition: Disposition;
  errorClass: ErrorClass;
  status: number | null;
  /** Scrubbed of any secret, short. */
  message: string;
  /** From Retry-After / retry-after-ms, when the server said how long to wait. */
  retryAfterMs: number | null;
}

export interface RetryPolicy {
  /** Attempts per probe-sample, first included. */
  maxAttempts: number;
  /** First backoff; doubles each retry. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Longest Retry-After honoured; a longer one is cut to this. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 6, baseDelayMs: 500, maxDelayMs: 20_000, maxRetryAfterMs: 60_000 };

/** What a request was for, so a fatal message can name it. */
export interface RequestContext {
  model: string;
  baseUrl: string;
  keyEnv: string | undefined;
  secrets: readonly (string | undefined)[];
  /** True when the caller's own deadline cut this attempt (the client's deadline is reported by the SDK). */
  timedOut?: () => boolean;
}

export function classify(err: unknown, ctx: RequestContext): Classified {
  const msg = (m: string): string => clip(redact(m, ctx.secrets));
  const make = (disposition: Disposition, errorClass: ErrorClass, message: string, status: number | null = null, retryAfterMs: number | null = null): Classified =>
    ({ disposition, errorClass, status, message: msg(message), retryAfterMs });

  if (ctx.timedOut?.()) return make('retry', 'timeout', 'no complete reply before the request timeout');
  if (err instanceof APIConnectionTimeoutError) return make('retry', 'timeout', 'request timed out');
  if (err instanceof APIUserAbortError) return make('retry', 'timeout', 'request aborted');
  // The SDK wraps whatever our fetch throws as a connection error; an over-cap body is the reply's
  // fault, and counting it as a connection failure would trip the "server is down" breaker.
  if (err instanceof APIConnectionError && err.cause instanceof MalformedReplyError) {
    return make('retry', 'malformed', `malformed reply: ${err.cause.message}`);
  }
  if (err instanceof APIConnectionError) return make('retry', 'connection', `connection failed: ${causeText(err)}`);
  if (err instanceof APIError && typeof err.status === 'number') {
    const status = err.status;
    const text = `HTTP ${status}: ${err.message}`;
    if (status === 401 || status === 403) {
      const source = ctx.keyEnv ? `the API key from $${ctx.keyEnv}` : 'the request (the plan gives no api_key_env; does it need a key?)';
      throw new FaultError(`endpoint ${ctx.baseUrl} rejected ${source} (HTTP ${status})`);
    }
    if (status === 404) {
      throw new FaultError(
        `endpoint ${ctx.baseUrl} answered 404 for model "${ctx.model}": check the model name and base_url (it usually ends in /v1)`,
      );
    }
    if (status === 429) return make('retry', 'rate_limited', text, status, retryAfterFrom(err.headers));
    if (status >= 500 || status === 408 || status === 409) return make('retry', 'server_error', text, status, retryAfterFrom(err.headers));
    return make('final', 'bad_request', text, status);
  }
  if (err instanceof MalformedReplyError || err instanceof SyntaxError) return make('retry', 'malformed', `malformed reply: ${(err as Error).message}`);
  if (isNetworkFailure(err)) return make('retry', 'connection', `connection failed: ${causeText(err as Error)}`);
  return make('final', 'unknown', err instanceof Error ? `${err.name}: ${err.message}` : String(err));
}

/** undici reports a connection cut while reading a body as TypeError('terminated') with a cause. */
function isNetworkFailure(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code ?? (err.cause as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && /^(ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|UND_ERR_\w+)$/.test(code)) return true;
  return err instanceof TypeError && /terminated|fetch failed|socket/i.test(err.message);
}

function causeText(err: Error): string {
  const cause = err.cause as { code?: unknown; message?: unknown } | undefined;
  if (cause && typeof cause.code === 'string') return cause.code;
  if (cause && typeof cause.message === 'string') return cause.message;
  return err.message;
}

/** Retry-After (seconds or an HTTP date) and the non-standard retry-after-ms, in milliseconds. */
export function retryAfterFrom(headers: Headers | undefined, now: number = Date.now()): number | null {
  if (!headers) return null;
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '' && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const ra = headers.get('retry-after');
  if (ra === null || ra.trim() === '') return null;
  if (Number.isFinite(Number(ra))) return Math.max(0, Number(ra) * 1000);
  const at = Date.parse(ra);
  return Number.isFinite(at) ? Math.max(0, at - now) : null;
}

/**
 * How long to wait before attempt `attempt + 1`: what the server asked for (capped), else exponential
 * backoff with "equal jitter" (half fixed, half random) so many workers do not retry in lockstep.
 */
export function retryDelay(attempt: number, c: Classified, policy: RetryPolicy, random: () => number): number {
  if (c.retryAfterMs !== null) return Math.min(c.retryAfterMs, policy.maxRetryAfterMs);
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(exp / 2 + (random() * exp) / 2);
}

/** The attempt loop failed for good: carries the last classification and how many attempts were made. */
export class AttemptsFailed extends Error {
  constructor(readonly classified: Classified, readonly attempts: number) {
    super(classified.message);
    this.name = 'AttemptsFailed';
  }
}

class AttemptError extends Error {
  constructor(readonly classified: Classified) {
    super(classified.message);
  }
}

export interface RetryDeps {
  policy: RetryPolicy;
  random: () => number;
  /** Aborted when the run stops: waiting ends at once. */
  signal: AbortSignal;
  /** Called before each wait, for progress counts. */
  onRetry: (c: Classified, waitMs: number) => void;
}

/**
 * Runs `attempt` until it succeeds, a final/fatal error, or the attempts run out.
 * Nearly every request succeeds at once, so the first attempt runs on its own: p-retry's set-up
 * (options copy and validation, abort checks) cost ~25 µs per request even when nothing failed
 * (BENCHMARKS.md, "Runner"). Retries go through p-retry, which counts them; the wait itself
 * happens here (p-retry's own delay is 0) so Retry-After can replace the backoff.
 */
export async function withRetry<T>(
  attempt: (n: number) => Promise<T>,
  classifyErr: (err: unknown) => Classified,
  deps: RetryDeps,
): Promise<{ value: T; attempts: number }> {
  let first: AttemptError;
  try {
    const value = await attempt(1);
    // As p-retry does after any attempt: a reply landing after a stop is not kept (resume sends it again).
    deps.signal.throwIfAborted();
    return { value, attempts: 1 };
  } catch (err) {
    if (deps.signal.aborted) throw stopReason(deps.signal);
    first = new AttemptError(classifyErr(err)); // classify throws FaultError for fatal answers (401/403/404)
  }
  if (deps.policy.maxAttempts <= 1 || !(await waitBeforeRetry(first, 1, deps))) throw new AttemptsFailed(first.classified, 1);
  let attempts = 1;
  try {
    const value = await pRetry(
      async (n) => {
        attempts = n + 1;
        try {
          return await attempt(attempts);
        } catch (err) {
          if (deps.signal.aborted) throw new AbortError(stopReason(deps.signal));
          throw new AttemptError(classifyErr(err));
        }
      },
      {
        retries: deps.policy.maxAttempts - 2,
        minTimeout: 0,
        maxTimeout: 0,
        signal: deps.signal,
        shouldRetry: ({ error, attemptNumber }) => waitBeforeRetry(error, attemptNumber + 1, deps),
      },
    );
    return { value, attempts };
  } catch (err) {
    if (err instanceof AttemptError) throw new AttemptsFailed(err.classified, attempts);
    throw err;
  }
}

/** Whether attempt `attempt` failing is retried; when it is, after the wait (cut short by a stop). */
async function waitBeforeRetry(error: Error, attempt: number, deps: RetryDeps): Promise<boolean> {
  if (!(error instanceof AttemptError) || error.classified.disposition !== 'retry') return false;
  const wait = retryDelay(attempt, error.classified, deps.policy, deps.random);
  deps.onRetry(error.classified, wait);
  await sleep(wait, deps.signal);
  return true;
}

function stopReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('stopped');
}

export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0 || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
