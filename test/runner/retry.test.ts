import { afterEach, describe, expect, it } from 'vitest';
import { openChatClient } from '../../src/runner/client.js';
import { redact } from '../../src/runner/redact.js';
import { AttemptsFailed, classify, retryAfterFrom, retryDelay, withRetry, type Classified } from '../../src/runner/retry.js';
import type { SimServer } from '../../src/sim/types.js';
import { startSim } from './helpers.js';

const policy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 5000 };
const retryable = (retryAfterMs: number | null): Classified => ({
  disposition: 'retry', errorClass: 'rate_limited', status: 429, message: '', retryAfterMs,
});

describe('retry policy', () => {
  it('backs off exponentially with jitter inside [exp/2, exp], capped', () => {
    expect(retryDelay(1, retryable(null), policy, () => 0)).toBe(50);
    expect(retryDelay(1, retryable(null), policy, () => 1)).toBe(100);
    expect(retryDelay(3, retryable(null), policy, () => 0.5)).toBe(300); // exp 400
    expect(retryDelay(9, retryable(null), policy, () => 1)).toBe(1000); // capped at maxDelayMs
  });

  it('uses the server\'s Retry-After instead, bounded by the max wait', () => {
    expect(retryDelay(1, retryable(2500), policy, () => 0)).toBe(2500);
    expect(retryDelay(1, retryable(60_000), policy, () => 0)).toBe(5000);
  });

  it('reads retry-after-ms, Retry-After seconds and HTTP dates', () => {
    expect(retryAfterFrom(new Headers({ 'retry-after-ms': '250', 'retry-after': '9' }))).toBe(250);
    expect(retryAfterFrom(new Headers({ 'retry-after': '2' }))).toBe(2000);
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(retryAfterFrom(new Headers({ 'retry-after': 'Wed, 01 Jan 2025 00:00:03 GMT' }), now)).toBe(3000);
    expect(retryAfterFrom(new Headers({}))).toBeNull();
    expect(retryAfterFrom(new Headers({ 'retry-after': 'soon' }))).toBeNull();
  });

  it('scrubs keys, bearer tokens and sk- strings from messages', () => {
    const msg = 'HTTP 401: bad key sk-test-SECRET-123 (Authorization: Bearer abcdefgh123) api_key=zzzzzzzz';
    const out = redact(msg, ['sk-test-SECRET-123']);
    expect(out).not.toContain('SECRET');
    expect(out).not.toContain('abcdefgh123');
    expect(out).not.toContain('zzzzzzzz');
    expect(redact('a reply with my-own-key-value in it', ['my-own-key-value'])).toBe('a reply with [redacted] in it');
  });
});

describe('Retry-After over real HTTP', () => {
  let sim: SimServer | undefined;
  afterEach(async () => {
    await sim?.close();
  });

  it('waits what the 429 asks before each retry, and stops after maxAttempts', async () => {
    sim = await startSim({ rate_limit: 1, retry_after_ms: 300 });
    const client = openChatClient({ base_url: sim.url }, {}, 2000);
    const ctx = { model: 'base', baseUrl: sim.url, keyEnv: undefined, secrets: [], timedOut: () => false };
    const starts: number[] = [];
    const attempt = async (): Promise<unknown> => {
      starts.push(performance.now());
      return client.complete(
        { model: 'base', messages: [{ role: 'user', content: 'What is the capital of Australia?' }], temperature: 0, max_tokens: 16, seed: 0 },
        new AbortController().signal,
      );
    };
    const err = await withRetry(attempt, (e) => classify(e, ctx), {
      policy: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 10_000 },
      random: () => 0,
      signal: new AbortController().signal,
      onRetry: () => {},
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AttemptsFailed);
    expect((err as AttemptsFailed).attempts).toBe(3);
    expect((err as AttemptsFailed).classified).toMatchObject({ errorClass: 'rate_limited', status: 429, retryAfterMs: 300 });
    expect(sim.stats().byStatus['429']).toBe(3);
    const gaps = starts.slice(1).map((t, i) => t - starts[i]!);
    expect(gaps).toHaveLength(2);
    for (const g of gaps) {
      expect(g).toBeGreaterThanOrEqual(295); // timers may fire a hair early
      expect(g).toBeLessThan(800);
    }
  });
});

describe('withRetry attempt counting', () => {
  const policy4 = { maxAttempts: 4, baseDelayMs: 8, maxDelayMs: 1000, maxRetryAfterMs: 5000 };
  const status = (s: number): Error => Object.assign(new Error(`status ${s}`), { status: s });
  const classifyStatus = (err: unknown): Classified =>
    (err as { status?: number }).status === 400
      ? { disposition: 'final', errorClass: 'bad_request', status: 400, message: 'bad', retryAfterMs: null }
      : retryable(null);

  const run = async (outcomes: (Error | string)[], maxAttempts = 4) => {
    const waits: number[] = [];
    let calls = 0;
    const result = await withRetry(
      async (n) => {
        calls++;
        expect(n).toBe(calls); // attempt numbers count from 1 without gaps
        const o = outcomes[n - 1]!;
        if (o instanceof Error) throw o;
        return o;
      },
      classifyStatus,
      { policy: { ...policy4, maxAttempts }, random: () => 0, signal: new AbortController().signal, onRetry: (_c, w) => waits.push(w) },
    ).catch((e: unknown) => e);
    return { result, waits, calls };
  };

  it('succeeds at once with one attempt and no wait', async () => {
    expect(await run(['ok'])).toEqual({ result: { value: 'ok', attempts: 1 }, waits: [], calls: 1 });
  });

  it('retries with the backoff of each attempt number and counts every attempt', async () => {
    const { result, waits } = await run([status(500), status(500), 'ok']);
    expect(result).toEqual({ value: 'ok', attempts: 3 });
    expect(waits).toEqual([4, 8]); // exp/2 with random 0: 8·2^0/2, 8·2^1/2
  });

  it('gives up after maxAttempts, or at once on a final error', async () => {
    const all = await run([status(500), status(500), status(500), status(500)]);
    expect(all.result).toBeInstanceOf(AttemptsFailed);
    expect((all.result as AttemptsFailed).attempts).toBe(4);
    expect(all.waits).toHaveLength(3);
    const final = await run([status(500), status(400)]);
    expect((final.result as AttemptsFailed).attempts).toBe(2);
    expect((final.result as AttemptsFailed).classified.errorClass).toBe('bad_request');
    const single = await run([status(500)], 1);
    expect((single.result as AttemptsFailed).attempts).toBe(1);
    expect(single.waits).toEqual([]);
  });

  it('a stop during a request or a wait ends without another attempt', async () => {
    const stop = new AbortController();
    let calls = 0;
    const err = await withRetry(
      async () => {
        calls++;
        setTimeout(() => stop.abort(new Error('stopped')), 5);
        throw status(500);
      },
      classifyStatus,
      { policy: { ...policy4, baseDelayMs: 10_000 }, random: () => 0, signal: stop.signal, onRetry: () => {} },
    ).catch((e: unknown) => e);
    expect(calls).toBe(1);
    expect((err as Error).message).toBe('stopped');
  });
});
