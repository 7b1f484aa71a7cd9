import { getEventListeners } from 'node:events';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { APIUserAbortError } from 'openai';
import { MalformedReplyError, openChatClient } from '../../src/runner/client.js';
import { createHttpFetch, RequestTimeoutError } from '../../src/runner/http-fetch.js';
import { classify } from '../../src/runner/retry.js';
import { fixtures } from './helpers.js';

/** The runner's transport against small loopback servers, one behaviour each. */
const completion = (content: string): string =>
  JSON.stringify({ id: 'c1', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }] });

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void;

interface TestServer {
  url: string;
  /** Distinct TCP connections the server has accepted. */
  connections: () => number;
  close: () => Promise<void>;
}

const servers: { close: () => Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

function listen(server: http.Server | https.Server | net.Server, scheme: string): Promise<TestServer> {
  let connections = 0;
  const sockets = new Set<net.Socket>();
  server.on(scheme === 'https' ? 'secureConnection' : 'connection', () => connections++);
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      const s: TestServer = {
        url: `${scheme}://127.0.0.1:${port}/v1`,
        connections: () => connections,
        close: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      };
      servers.push(s);
      resolve(s);
    });
  });
}

const withBody = (handler: Handler) => (req: http.IncomingMessage, res: http.ServerResponse) => {
  let body = '';
  req.setEncoding('utf8').on('data', (d: string) => (body += d));
  req.on('end', () => handler(req, res, body));
};

const serve = (handler: Handler): Promise<TestServer> => listen(http.createServer(withBody(handler)), 'http');

/** A server writing raw bytes back on each request (for framings node's server would not produce). */
function rawServer(reply: (request: string) => string | Buffer, opts: { close?: boolean } = {}): Promise<TestServer> {
  return listen(
    net.createServer((socket) => {
      let buf = '';
      socket.on('data', (d) => {
        buf += d.toString('latin1');
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const len = Number(/content-length: (\d+)/i.exec(buf.slice(0, end))?.[1] ?? 0);
        if (buf.length < end + 4 + len) return;
        const request = buf.slice(0, end + 4 + len);
        buf = buf.slice(end + 4 + len);
        socket.write(reply(request));
        if (opts.close) socket.end();
      });
      socket.on('error', () => undefined);
    }),
    'http',
  );
}

const fetchFor = (timeoutMs = 2000, extra: { tls?: { ca: string } } = {}) =>
  createHttpFetch({ maxSockets: 16, maxBodyBytes: 8 * 1024 * 1024, timeoutMs, ...extra });

const post = (fetch: ReturnType<typeof fetchFor>, url: string, body = '{"q":1}', stopSignal?: AbortSignal) =>
  fetch(`${url}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer k' }, body, stopSignal });

describe('runner transport (http-fetch)', () => {
  it('sends method, path, headers and body; reads status, headers and JSON; reuses one connection', async () => {
    const seen: { method?: string; url?: string; auth?: string; length?: string; body: string }[] = [];
    const s = await serve((req, res, body) => {
      seen.push({ method: req.method, url: req.url, auth: req.headers.authorization, length: req.headers['content-length'], body });
      res.writeHead(200, { 'content-type': 'application/json', 'X-Request-Id': 'req-7' }).end(completion('hello'));
    });
    const fetch = fetchFor();
    const body = JSON.stringify({ q: '你好' });
    for (let i = 0; i < 3; i++) {
      const r = await post(fetch, s.url, body);
      expect(r.status).toBe(200);
      expect(r.ok).toBe(true);
      expect(r.headers.get('x-request-id')).toBe('req-7');
      expect(r.headers.get('Content-Type')).toBe('application/json');
      expect(((await r.json()) as { choices: { message: { content: string } }[] }).choices[0]!.message.content).toBe('hello');
    }
    expect(seen[0]).toEqual({ method: 'POST', url: '/v1/chat/completions', auth: 'Bearer k', length: String(Buffer.byteLength(body)), body });
    expect(s.connections()).toBe(1);
  });

  it('reads chunked replies, skips 1xx interim replies, and reads close-delimited bodies without reusing the connection', async () => {
    const chunked = await rawServer(() => 'HTTP/1.1 103 Early Hints\r\nlink: </x>\r\n\r\nHTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\nx-trailer: 1\r\n\r\n');
    const fetch = fetchFor();
    expect(await (await post(fetch, chunked.url)).text()).toBe('hello, world');
    expect(await (await post(fetch, chunked.url)).text()).toBe('hello, world');
    expect(chunked.connections()).toBe(1);

    const untilClose = await rawServer(() => 'HTTP/1.0 200 OK\r\ncontent-type: text/plain\r\n\r\nall of it', { close: true });
    expect(await (await post(fetch, untilClose.url)).text()).toBe('all of it');
    expect(await (await post(fetch, untilClose.url)).text()).toBe('all of it');
    expect(untilClose.connections()).toBe(2);
  });

  it('does not reuse a connection the server sent surplus bytes on', async () => {
    const s = await rawServer(() => 'HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nokEXTRA');
    const fetch = fetchFor();
    expect(await (await post(fetch, s.url)).text()).toBe('ok');
    expect(await (await post(fetch, s.url)).text()).toBe('ok');
    expect(s.connections()).toBe(2);
  });

  it('caps reply bodies at 8 MB, declared or streamed, and keeps serving other requests', async () => {
    const big = Buffer.alloc(10 * 1024 * 1024, 0x61);
    const s = await serve((req, res) => {
      if (req.url?.endsWith('declared')) res.writeHead(200, { 'content-length': String(big.length) }).end(big);
      else if (req.url?.endsWith('streamed')) res.writeHead(200).end(big); // chunked, no length
      else res.writeHead(200, { 'content-type': 'application/json' }).end(completion('fine'));
    });
    const fetch = fetchFor();
    for (const path of ['declared', 'streamed']) {
      const err = await fetch(`${s.url}/${path}`).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(MalformedReplyError);
      expect((err as Error).message).toContain('over 8388608 bytes');
    }
    expect((await post(fetch, s.url)).status).toBe(200);
  });

  it('puts the deadline on the whole reply: headers then a trickling body time out', async () => {
    const s = await serve((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{');
      const tick = setInterval(() => res.write(' '), 50);
      res.on('close', () => clearInterval(tick));
    });
    const t0 = performance.now();
    const err = await post(fetchFor(400), s.url).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RequestTimeoutError);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(390);
    expect(performance.now() - t0).toBeLessThan(1500);
  });

  it('a connection cut mid-reply is a connection error the runner retries', async () => {
    const s = await rawServer(() => 'HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\npartial', { close: true });
    const err = await post(fetchFor(), s.url).catch((e: unknown) => e);
    expect((err as { code?: string }).code).toBe('ECONNRESET');
    const refused = await post(fetchFor(), 'http://127.0.0.1:1/v1').catch((e: unknown) => e);
    expect((refused as { code?: string }).code).toBe('ECONNREFUSED');
  });

  it('refuses header values that would smuggle in a header of their own', async () => {
    const s = await serve((_req, res) => res.end('{}'));
    const fetch = fetchFor();
    const err = await fetch(`${s.url}/x`, { headers: { authorization: 'Bearer k\r\nx-evil: 1' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TypeError);
  });

  it('cuts every request in flight when the stop signal aborts, with one listener on the signal in all', async () => {
    const s = await serve(() => undefined); // never answers
    const fetch = fetchFor(10_000);
    const stop = new AbortController();
    const inFlight = Array.from({ length: 20 }, () => post(fetch, s.url, '{}', stop.signal).catch((e: unknown) => e));
    await new Promise((r) => setTimeout(r, 100));
    expect(getEventListeners(stop.signal, 'abort')).toHaveLength(1);
    const t0 = performance.now();
    stop.abort(new Error('stopped'));
    const errs = await Promise.all(inFlight);
    expect(performance.now() - t0).toBeLessThan(500);
    for (const e of errs) expect((e as Error).name).toBe('AbortError');
    // An already-aborted signal sends nothing.
    const before = s.connections();
    expect(((await post(fetch, s.url, '{}', stop.signal).catch((e: unknown) => e)) as Error).name).toBe('AbortError');
    expect(s.connections()).toBe(before);
  });

  it('speaks TLS to an https endpoint, verifying its certificate', async () => {
    const tlsDir = join(fixtures, 'tls');
    const cert = readFileSync(join(tlsDir, 'cert.pem'), 'utf8');
    const server = https.createServer({ cert, key: readFileSync(join(tlsDir, 'key.pem'), 'utf8') }, withBody((_req, res, body) => res.end(body)));
    const s = await listen(server, 'https');
    const trusted = fetchFor(2000, { tls: { ca: cert } });
    expect(await (await post(trusted, s.url, '{"echo":true}')).text()).toBe('{"echo":true}');
    expect(await (await post(trusted, s.url, '{"again":true}')).text()).toBe('{"again":true}');
    expect(s.connections()).toBe(1);
    const untrusted = await post(fetchFor(), s.url).catch((e: unknown) => e);
    expect((untrusted as { code?: string }).code).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
  });
});

describe('chat client over the transport', () => {
  it('a stop mid-request is reported as the SDK reports a user abort (classified as a timeout to retry)', async () => {
    const s = await serve(() => undefined);
    const client = openChatClient({ base_url: s.url }, {}, 10_000);
    const stop = new AbortController();
    const call = client.complete({ model: 'm', messages: [{ role: 'user', content: 'hi' }], temperature: 0, max_tokens: 8, seed: 0 }, stop.signal).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 100));
    stop.abort();
    const err = await call;
    expect(err).toBeInstanceOf(APIUserAbortError);
    expect(classify(err, { model: 'm', baseUrl: s.url, keyEnv: undefined, secrets: [] })).toMatchObject({ disposition: 'retry', errorClass: 'timeout' });
  });

  it('sends the key on every request and no SDK platform headers; returns the reply through the SDK', async () => {
    const seen: { url?: string; headers: http.IncomingHttpHeaders; body: string }[] = [];
    const s = await serve((req, res, body) => {
      seen.push({ url: req.url, headers: req.headers, body });
      res.writeHead(200, { 'content-type': 'application/json' }).end(completion(`reply ${seen.length}`));
    });
    const client = openChatClient({ base_url: s.url, api_key_env: 'TEST_KEY' }, { TEST_KEY: 'sk-test-123456' }, 2000);
    for (const seed of [3, 4]) {
      const reply = await client.complete({ model: 'm', messages: [{ role: 'user', content: 'hi' }], temperature: 0, max_tokens: 8, seed }, new AbortController().signal);
      expect(reply.text).toBe(`reply ${seed - 2}`);
    }
    expect(seen.map((r) => [r.url, r.headers.authorization, (JSON.parse(r.body) as { seed: number }).seed])).toEqual([
      ['/v1/chat/completions', 'Bearer sk-test-123456', 3],
      ['/v1/chat/completions', 'Bearer sk-test-123456', 4],
    ]);
    expect(Object.keys(seen[0]!.headers).filter((h) => h.startsWith('x-stainless'))).toEqual([]);
    expect(seen[0]!.headers['content-type']).toBe('application/json');
  });
});
