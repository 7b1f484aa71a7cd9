import { OriginPool, type Pending, type PoolOptions } from './http1.js';

/**
 * A `fetch` for the openai SDK (its `fetch` option) on the keep-alive HTTP/1.1 client of http1.ts.
 * Why: the runner must stay endpoint-bound. Node's built-in fetch (undici + WHATWG streams) cost
 * ~40% more CPU per small JSON request than node:http, and node:http ~3× more than plain sockets
 * (see BENCHMARKS.md, "Runner"). It also caps the body size, so a server answering 10 MB per
 * request cannot fill the memory, and puts a deadline on the whole exchange.
 * Only what the SDK uses is implemented: method, headers, a string body; the reply is read whole
 * and handed back with what the SDK reads of a Response.
 */
export interface HttpFetchOptions {
  /** Sockets per origin; the runner's concurrency. */
  maxSockets: number;
  /** Larger bodies are cut off and reported as malformed. */
  maxBodyBytes: number;
  /**
   * Deadline for the whole exchange, body included (the SDK's own timeout stops at the headers, so
   * a server that sends headers and then trickles or never ends the body would hang a worker).
   */
  timeoutMs: number;
  /** Extra TLS settings for https endpoints (a private CA); the defaults verify as node:https does. */
  tls?: PoolOptions['tls'];
}

/** The message says "timed out" so the SDK reports it as APIConnectionTimeoutError. */
export class RequestTimeoutError extends Error {
  constructor(ms: number) {
    super(`request timed out after ${ms} ms (no complete reply)`);
    this.name = 'RequestTimeoutError';
  }
}

/**
 * What this transport reads besides RequestInit, passed through the SDK's per-request
 * `fetchOptions`: the caller's signal (a run being stopped). The SDK's own `signal` is not
 * listened to: the SDK aborts it only when its timeout passes, and this transport's deadline is
 * the same length and also covers the body. Listening to it would cost an abort listener (and the
 * stream clean-up that removes it) on every request.
 */
export interface TransportOptions {
  stopSignal?: AbortSignal;
}

export type FetchLike = (input: string | URL | Request, init?: RequestInit & TransportOptions) => Promise<Response>;

/** Rejected with when the caller's signal cuts a request, as fetch rejects. */
function abortError(signal: AbortSignal): Error {
  const err = new Error('the request was aborted', { cause: signal.reason });
  err.name = 'AbortError';
  return err;
}

/**
 * Reply headers as the SDK reads them (get, has, iteration), straight from the raw header list.
 * A WHATWG `Headers` per reply cost ~15 µs of validation and sorting; a reply has a handful of
 * headers, so a scan is cheaper than any index.
 */
export class ReplyHeaders {
  constructor(private readonly raw: readonly string[]) {}
  get(name: string): string | null {
    const want = name.toLowerCase();
    let found: string | null = null;
    for (let i = 0; i + 1 < this.raw.length; i += 2) {
      const key = this.raw[i]!;
      if (key.length === want.length && key.toLowerCase() === want) found = found === null ? this.raw[i + 1]! : `${found}, ${this.raw[i + 1]!}`;
    }
    return found;
  }
  has(name: string): boolean {
    return this.get(name) !== null;
  }
  forEach(fn: (value: string, name: string) => void): void {
    for (const [name, value] of this.entries()) fn(value, name);
  }
  *entries(): IterableIterator<[string, string]> {
    for (let i = 0; i + 1 < this.raw.length; i += 2) yield [this.raw[i]!.toLowerCase(), this.raw[i + 1]!];
  }
  *keys(): IterableIterator<string> {
    for (const [name] of this.entries()) yield name;
  }
  *values(): IterableIterator<string> {
    for (const [, value] of this.entries()) yield value;
  }
  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }
}

/**
 * The reply, read whole, with what the SDK reads of a non-streaming Response (status, headers,
 * text/json) and no body stream: building a WHATWG Response would cost a stream per request.
 */
class BufferedResponse {
  readonly body = null;
  readonly bodyUsed = false;
  readonly redirected = false;
  readonly type = 'basic';
  constructor(
    readonly url: string,
    readonly status: number,
    readonly statusText: string,
    readonly headers: ReplyHeaders,
    private readonly bytes: Buffer,
  ) {}
  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }
  text(): Promise<string> {
    return Promise.resolve(this.bytes.toString('utf8'));
  }
  json(): Promise<unknown> {
    // A body that is not JSON rejects with SyntaxError, which retry.ts classifies as malformed.
    return new Promise((resolve) => resolve(JSON.parse(this.bytes.toString('utf8')) as unknown));
  }
}

/** Where a URL's requests go, parsed once per distinct URL. */
interface Target {
  pool: OriginPool;
  /** Request target (path and query). */
  path: string;
  /** The Host header. */
  host: string;
}

/** Requests in flight per caller signal: one abort listener per signal, not one per request. */
class StopScopes {
  private readonly scopes = new WeakMap<AbortSignal, Set<Pending>>();
  enter(signal: AbortSignal, pending: Pending): void {
    let scope = this.scopes.get(signal);
    if (!scope) {
      const requests = new Set<Pending>();
      scope = requests;
      this.scopes.set(signal, requests);
      signal.addEventListener('abort', () => {
        for (const r of requests) r.cancel(abortError(signal));
        requests.clear();
      }, { once: true });
    }
    scope.add(pending);
  }
  leave(signal: AbortSignal, pending: Pending): void {
    this.scopes.get(signal)?.delete(pending);
  }
}

export function createHttpFetch(options: HttpFetchOptions): FetchLike {
  const pools = new Map<string, OriginPool>();
  const stops = new StopScopes();
  // The SDK asks for the same few URLs again and again: parse each once.
  const targets = new Map<string, Target>();
  const targetOf = (href: string): Target => {
    let t = targets.get(href);
    if (!t) {
      const u = new URL(href);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new TypeError(`the runner transport speaks http and https only, not ${u.protocol}`);
      const origin = `${u.protocol}//${u.host}`;
      let pool = pools.get(origin);
      if (!pool) {
        const port = Number(u.port || (u.protocol === 'https:' ? 443 : 80));
        pool = new OriginPool({ protocol: u.protocol, hostname: u.hostname, port }, options);
        pools.set(origin, pool);
      }
      t = { pool, path: u.pathname + u.search, host: u.host };
      if (targets.size < 64) targets.set(href, t);
    }
    return t;
  };
  return (input, init = {}) =>
    new Promise<Response>((resolve, reject) => {
      const stop = init.stopSignal;
      if (stop?.aborted || init.signal?.aborted) {
        reject(abortError((stop?.aborted ? stop : init.signal)!));
        return;
      }
      const href = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      const body = typeof init.body === 'string' ? init.body : undefined;
      if (init.body != null && body === undefined) {
        reject(new TypeError('the runner transport sends string bodies only'));
        return;
      }
      const target = targetOf(href);
      const method = (init.method ?? 'GET').toUpperCase();
      const pending = target.pool.request(renderRequest(method, target, init.headers, body));
      const deadline = setTimeout(() => pending.cancel(new RequestTimeoutError(options.timeoutMs)), options.timeoutMs);
      if (stop) stops.enter(stop, pending);
      pending.reply.then(
        (r) => {
          clearTimeout(deadline);
          if (stop) stops.leave(stop, pending);
          resolve(new BufferedResponse(href, r.status, r.statusText, new ReplyHeaders(r.rawHeaders), r.body) as unknown as Response);
        },
        (err: unknown) => {
          clearTimeout(deadline);
          if (stop) stops.leave(stop, pending);
          reject(err);
        },
      );
    });
}

/** Header values end at a line break: one inside a value would let it smuggle in a header of its own. */
const UNSAFE_HEADER = /[^\t\x20-\x7e\x80-\xff]/;
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Request line, headers (Host and Content-Length set here) and body, as one string to write. */
function renderRequest(method: string, target: Target, given: RequestInit['headers'], body: string | undefined): string {
  let head = `${method} ${target.path} HTTP/1.1\r\nhost: ${target.host}\r\n`;
  const add = (value: string, name: string, checked: boolean): void => {
    const lower = name.toLowerCase();
    if (lower === 'host' || lower === 'content-length' || lower === 'connection' || lower === 'transfer-encoding') return;
    if (!checked && (!TOKEN.test(name) || UNSAFE_HEADER.test(value))) throw new TypeError(`invalid request header ${JSON.stringify(name)}`);
    head += `${lower}: ${value}\r\n`;
  };
  // A `Headers` object (what the SDK passes) has already refused invalid names and line breaks in values.
  if (given instanceof Headers) given.forEach((value, name) => add(value, name, true));
  else if (Array.isArray(given)) for (const [name, value] of given as [string, string][]) add(value, name, false);
  else if (given) for (const [name, value] of Object.entries(given as Record<string, string>)) add(value, name, false);
  if (body === undefined) return `${head}\r\n`;
  return `${head}content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}
