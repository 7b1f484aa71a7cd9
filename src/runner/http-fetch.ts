import http from 'node:http';
import https from 'node:https';
import { MalformedReplyError } from './client.js';

/**
 * A `fetch` for the openai SDK (its `fetch` option) on node:http with keep-alive agents.
 * Why: the runner must stay endpoint-bound; Node's built-in fetch (undici + WHATWG streams) costs
 * several times more CPU per small JSON request than node:http (see BENCHMARKS.md, "Runner").
 * It also caps the body size, so a server answering 10 MB per request cannot fill the memory.
 * Only what the SDK uses is implemented: method, headers, a string body, a signal; the reply is
 * read whole and handed back as a standard Response.
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
}

/** The message says "timed out" so the SDK reports it as APIConnectionTimeoutError. */
export class RequestTimeoutError extends Error {
  constructor(ms: number) {
    super(`request timed out after ${ms} ms (no complete reply)`);
    this.name = 'RequestTimeoutError';
  }
}

export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

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
    readonly headers: Headers,
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
    return this.text().then((t) => JSON.parse(t) as unknown);
  }
}

interface Target {
  protocol: 'http:' | 'https:';
  hostname: string;
  port: string;
  path: string;
}

export function createHttpFetch(options: HttpFetchOptions): FetchLike {
  const agentOptions = { keepAlive: true, maxSockets: options.maxSockets, scheduling: 'lifo' as const };
  const agents = { 'http:': new http.Agent(agentOptions), 'https:': new https.Agent(agentOptions) };
  // The SDK asks for the same few URLs again and again: parse each once.
  const targets = new Map<string, Target>();
  const targetOf = (href: string): Target => {
    let t = targets.get(href);
    if (!t) {
      const u = new URL(href);
      t = { protocol: u.protocol === 'https:' ? 'https:' : 'http:', hostname: u.hostname, port: u.port, path: u.pathname + u.search };
      if (targets.size < 64) targets.set(href, t);
    }
    return t;
  };
  return (input, init = {}) =>
    new Promise<Response>((resolve, reject) => {
      const href = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      const target = targetOf(href);
      const headers: Record<string, string> = {};
      const given = init.headers instanceof Headers ? init.headers : new Headers(init.headers);
      given.forEach((v, k) => (headers[k] = v));
      const body = typeof init.body === 'string' ? init.body : undefined;
      if (init.body != null && body === undefined) {
        reject(new TypeError('the runner transport sends string bodies only'));
        return;
      }
      const request = target.protocol === 'https:' ? https.request : http.request;
      const req = request(
        {
          protocol: target.protocol, hostname: target.hostname, port: target.port, path: target.path,
          method: init.method ?? 'GET', headers, agent: agents[target.protocol], signal: init.signal ?? undefined,
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > options.maxBodyBytes) {
              req.destroy(new MalformedReplyError(`reply body over ${options.maxBodyBytes} bytes`));
              return;
            }
            chunks.push(chunk);
          });
          res.on('error', reject);
          res.on('end', () => {
            const h = new Headers();
            const raw = res.rawHeaders;
            for (let i = 0; i + 1 < raw.length; i += 2) h.append(raw[i]!, raw[i + 1]!);
            const bytes = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
            resolve(new BufferedResponse(href, res.statusCode ?? 0, res.statusMessage ?? '', h, bytes) as unknown as Response);
          });
        },
      );
      const deadline = setTimeout(() => req.destroy(new RequestTimeoutError(options.timeoutMs)), options.timeoutMs);
      req.on('close', () => clearTimeout(deadline));
      req.on('error', reject);
      req.end(body);
    });
}
