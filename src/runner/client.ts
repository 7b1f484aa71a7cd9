import OpenAI, { APIUserAbortError } from 'openai';
import { InputError } from '../errors.js';
import type { Endpoint } from '../plan/schema.js';
import type { ChatMessage } from '../probes/schema.js';
import { createHttpFetch, type FetchLike, type TransportOptions } from './http-fetch.js';

/** What one request sends; `seed` is derived from the sample index (see seed.ts). */
export interface ChatParams {
  model: string;
  messages: ChatMessage[];
  temperature: number;
  max_tokens: number;
  top_p?: number;
  seed: number;
}

export interface ChatReply {
  text: string;
  finishReason: string | null;
  promptTokens: number | null;
  completionTokens: number | null;
  fingerprint: string | null;
}

/** A chat endpoint as the runner sees it: one call, one reply, errors thrown as the SDK throws them. */
export interface ChatClient {
  readonly baseUrl: string;
  /** Env var the key came from, for messages (never the key). */
  readonly keyEnv: string | undefined;
  /** The key itself, only so error text can be scrubbed of it. */
  readonly secret: string | undefined;
  /** `signal` cuts the request short (a run being stopped); the timeout is the client's own. */
  complete(params: ChatParams, signal?: AbortSignal): Promise<ChatReply>;
}

/** A reply whose body is not a chat completion (not JSON, or JSON without `choices`). */
export class MalformedReplyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedReplyError';
  }
}

/**
 * Sent as the key to servers that need none (vLLM, llama.cpp, Ollama, the simulator): the SDK
 * insists on some key. It is a fixed public word, not a secret.
 */
export const NO_KEY_PLACEHOLDER = 'no-key-required';

export function resolveApiKey(endpoint: Endpoint, env: NodeJS.ProcessEnv): string | undefined {
  const name = endpoint.api_key_env;
  if (name === undefined) return undefined;
  const value = env[name];
  if (value === undefined || value === '') {
    throw new InputError(
      `the plan's endpoint ${endpoint.base_url} reads its API key from $${name}, which is not set; ` +
        `export ${name}=… or remove api_key_env for a server that needs no key`,
    );
  }
  return value;
}

/** The SDK's per-request `fetchOptions`, passed on to the transport as given. */
type SdkFetchOptions = NonNullable<OpenAI.RequestOptions['fetchOptions']>;

/**
 * Headers the SDK adds to every request that no endpoint needs: its retry count (its retries are
 * off) and platform telemetry (OS, architecture, runtime versions) that a third-party endpoint has
 * no business receiving. Fewer headers are also less to build, check and parse on both sides.
 */
const SDK_HEADERS_OFF = Object.fromEntries(
  ['X-Stainless-Retry-Count', 'X-Stainless-Lang', 'X-Stainless-Package-Version', 'X-Stainless-OS', 'X-Stainless-Arch', 'X-Stainless-Runtime', 'X-Stainless-Runtime-Version']
    .map((h) => [h, null]),
);

/**
 * The SDK's client with two per-request computations remembered, through the SDK's own extension
 * points (AzureOpenAI overrides `authHeaders` too): the auth headers, which only change with the
 * key (fixed here), and the URL of a path without query. Each was a `Headers` object or a `URL`
 * parsed per request (~20 µs together, BENCHMARKS.md "Runner"); the rest of the SDK's path is untouched.
 */
class RunnerOpenAI extends OpenAI {
  private readonly auth = new Map<string, ReturnType<OpenAI['authHeaders']>>();
  private readonly urls = new Map<string, string>();
  protected override authHeaders(...args: Parameters<OpenAI['authHeaders']>): ReturnType<OpenAI['authHeaders']> {
    const schemes = args[1];
    const key = `${schemes?.bearerAuth ?? true}/${schemes?.adminAPIKeyAuth ?? true}`;
    let headers = this.auth.get(key);
    if (headers === undefined) {
      headers = super.authHeaders(...args);
      this.auth.set(key, headers);
    }
    return headers;
  }
  override buildURL(path: string, query: Record<string, unknown> | null | undefined, defaultBaseURL?: string): string {
    if (query != null && Object.keys(query).length > 0) return super.buildURL(path, query, defaultBaseURL);
    const key = `${defaultBaseURL ?? ''} ${path}`;
    let url = this.urls.get(key);
    if (url === undefined) {
      url = super.buildURL(path, query, defaultBaseURL);
      if (this.urls.size < 64) this.urls.set(key, url);
    }
    return url;
  }
}

/** Sockets per endpoint: above any sensible concurrency (the plan caps it at 1024 requests in flight). */
const MAX_SOCKETS = 1024;
/** A chat completion is kilobytes; anything near this is a broken or hostile server. */
const MAX_BODY_BYTES = 8 * 1024 * 1024;

/**
 * An OpenAI-compatible client for one endpoint, with the SDK's own retries off: one policy
 * (retry.ts) governs. `fetch` replaces the transport (benchmarks, tests).
 */
export function openChatClient(endpoint: Endpoint, env: NodeJS.ProcessEnv, timeoutMs: number, fetch?: FetchLike): ChatClient {
  const secret = resolveApiKey(endpoint, env);
  const sdk = new RunnerOpenAI({
    baseURL: endpoint.base_url,
    apiKey: secret ?? NO_KEY_PLACEHOLDER,
    organization: null,
    project: null,
    // Client-wide, so requests carry no per-request options (which the SDK would copy and turn into headers).
    maxRetries: 0,
    timeout: timeoutMs,
    // OPENAI_LOG=debug would print every request and reply to stderr, mixed with ours: keep it off.
    logLevel: 'off',
    defaultHeaders: SDK_HEADERS_OFF,
    fetch: fetch ?? createHttpFetch({ maxSockets: MAX_SOCKETS, maxBodyBytes: MAX_BODY_BYTES, timeoutMs }),
  });
  return {
    baseUrl: endpoint.base_url,
    keyEnv: endpoint.api_key_env,
    secret,
    async complete(params, signal) {
      const body = {
        model: params.model,
        messages: params.messages,
        temperature: params.temperature,
        max_tokens: params.max_tokens,
        seed: params.seed,
        ...(params.top_p === undefined ? {} : { top_p: params.top_p }),
      };
      if (!signal) return toReply((await sdk.chat.completions.create(body)) as unknown);
      // The signal goes to the transport, not to the SDK: the SDK adds a listener to the signal it
      // is given and never removes it (a run-long signal would collect one per request), and
      // relaying it through a per-request AbortController cost three listeners per request. The
      // transport keeps one listener per signal and cuts every request in flight under it.
      const stopOnly: TransportOptions = { stopSignal: signal };
      try {
        return toReply((await sdk.chat.completions.create(body, { fetchOptions: stopOnly as SdkFetchOptions })) as unknown);
      } catch (err) {
        // As the SDK reports a request cut by the signal it was given.
        if (signal.aborted) throw new APIUserAbortError();
        throw err;
      }
    },
  };
}

/** Checks the shape by hand: a server may answer 200 with text or with JSON that is not a completion. */
export function toReply(body: unknown): ChatReply {
  if (typeof body !== 'object' || body === null) {
    throw new MalformedReplyError(`reply body is not a JSON object (${typeof body === 'string' ? 'text' : String(body)})`);
  }
  const choices = (body as { choices?: unknown }).choices;
  if (!Array.isArray(choices) || choices.length === 0) throw new MalformedReplyError('reply has no `choices`');
  const first = choices[0] as { message?: { content?: unknown }; finish_reason?: unknown } | null;
  const content = first?.message?.content;
  if (typeof content !== 'string') throw new MalformedReplyError('reply has no `choices[0].message.content` text');
  const usage = (body as { usage?: { prompt_tokens?: unknown; completion_tokens?: unknown } }).usage;
  const fingerprint = (body as { system_fingerprint?: unknown }).system_fingerprint;
  return {
    text: content,
    finishReason: typeof first?.finish_reason === 'string' ? first.finish_reason : null,
    promptTokens: typeof usage?.prompt_tokens === 'number' ? usage.prompt_tokens : null,
    completionTokens: typeof usage?.completion_tokens === 'number' ? usage.completion_tokens : null,
    fingerprint: typeof fingerprint === 'string' ? fingerprint : null,
  };
}
