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

export function createHttpFetch(options: HttpFetchOptions): FetchLike {
  const agentOptions = { keepAlive: true, maxSockets: options.maxSockets, scheduling: 'lifo' as const };
  const agents = { 'http:': new http.Agent(agentOptions), 'https:': new https.Agent(agentOptions) };
  return (input, init = {}) =>
    new Promise<Response>((resolve, reject) => {
      const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
      const protocol = url.protocol === 'https:' ? 'https:' : 'http:';
      const request = protocol === 'https:' ? https.request : http.request;
      const headers: Record<string, string> = {};
      new Headers(init.headers).forEach((v, k) => (headers[k] = v));
      const body = typeof init.body === 'string' ? init.body : undefined;
      if (init.body != null && body === undefined) {
        reject(new TypeError('the runner transport sends string bodies only'));
        return;
      }
      const req = request(
        {
          protocol, hostname: url.hostname, port: url.port, path: url.pathname + url.search,
          method: init.method ?? 'GET', headers, agent: agents[protocol], signal: init.signal ?? undefined,
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
            const status = res.statusCode ?? 0;
            const h = new Headers();
            for (const [k, v] of Object.entries(res.headers)) {
              if (typeof v === 'string') h.set(k, v);
              else if (Array.isArray(v)) for (const item of v) h.append(k, item);
            }
            try {
              const nullBody = status === 204 || status === 304;
              resolve(new Response(nullBody ? null : Buffer.concat(chunks), { status, statusText: res.statusMessage ?? '', headers: h }));
            } catch (err) {
              reject(err);
            }
          });
        },
      );
      const deadline = setTimeout(() => req.destroy(new RequestTimeoutError(options.timeoutMs)), options.timeoutMs);
      req.on('close', () => clearTimeout(deadline));
      req.on('error', reject);
      req.end(body);
    });
}
