import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { FaultError } from '../errors.js';
import { createEngine, sampleOf } from './engine.js';
import { makeFaults, type FaultKind } from './faults.js';
import { combine, hashString } from './hash.js';
import { servedNames } from './models.js';
import {
  ChatRequest,
  completionBody,
  errorBody,
  estimateTokens,
  modelsBody,
  textMessages,
  truncateToTokens,
  type OpenAIErrorBody,
} from './openai-shapes.js';
import { FaultConfig } from './scenario.js';
import type { SimServer, SimServerOptions, SimStats } from './types.js';

/** Request bodies above this are refused: no probe comes close, and it bounds memory. */
const MAX_BODY_BYTES = 4 * 1024 * 1024;

/**
 * Starts the simulated OpenAI-compatible endpoint on loopback. Everything costly (resolving
 * models, indexing probes, deriving answers) happens here, once; a request is a parse, a map
 * lookup, some hashing and string joins.
 */
export async function startSimServer(opts: SimServerOptions): Promise<SimServer> {
  const engine = createEngine(opts.scenario, opts.probeSets);
  const faultCfg = opts.faults ? FaultConfig.parse(opts.faults) : opts.scenario.faults;
  const faults = makeFaults(faultCfg);
  const timed = faults.active || faultCfg.latency_ms > 0 || faultCfg.latency_jitter_ms > 0;
  const now = opts.now ?? ((): number => Math.floor(Date.now() / 1000));
  const names = servedNames(engine.models);
  const modelsJson = modelsBody(names, now());
  const expectedAuth = opts.scenario.require_key === undefined ? undefined : `Bearer ${opts.scenario.require_key}`;
  const stats: SimStats = { requests: 0, byStatus: {} };
  // How often each exact request was seen, so fault draws differ between a request and its retry.
  const attempts = new Map<string, number>();
  const timers = new Set<NodeJS.Timeout>();

  const count = (key: string): void => {
    stats.byStatus[key] = (stats.byStatus[key] ?? 0) + 1;
  };
  const send = (res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void => {
    count(String(status));
    if (res.destroyed || res.writableEnded) return;
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...headers });
    res.end(body);
  };
  const fail = (res: ServerResponse, status: number, body: OpenAIErrorBody, headers?: Record<string, string>): void =>
    send(res, status, JSON.stringify(body), headers);
  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  async function chat(raw: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      return fail(res, 400, errorBody('We could not parse the JSON body of your request: it is not valid JSON.', 'invalid_request_error'));
    }
    const parsed = ChatRequest.safeParse(json);
    if (!parsed.success) {
      const why = parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
      return fail(res, 400, errorBody(`Invalid request body: ${why}`, 'invalid_request_error'));
    }
    const body = parsed.data;
    if (body.stream) return fail(res, 400, errorBody('streaming not supported by the simulator; send stream: false', 'invalid_request_error', null, 'stream'));
    if ((body.n ?? 1) > 1) return fail(res, 400, errorBody('n > 1 not supported by the simulator; send one request per sample', 'invalid_request_error', null, 'n'));
    const checkpoint = engine.models.checkpoints.get(body.model);
    const judge = checkpoint === undefined && engine.models.judges.has(body.model);
    if (!checkpoint && !judge) {
      return fail(res, 404, errorBody(`The model \`${body.model}\` does not exist or you do not have access to it.`, 'invalid_request_error', 'model_not_found', 'model'));
    }
    const messages = textMessages(body);
    const probe = checkpoint ? engine.index.lookup(messages) : undefined;
    const sample = sampleOf(body).hash;
    const subject = probe ? probe.hash : hashString(messages.map((m) => m.content).join('\u0000'));
    const requestHash = combine(hashString(body.model), subject, sample);

    let fault: FaultKind | undefined;
    if (timed && (checkpoint || faultCfg.include_judge)) {
      const key = `${body.model}\u0000${sample}\u0000${probe ? probe.record.id : subject}`;
      // Bounded memory for a long benchmark: past a million distinct requests the counts restart
      // (a retry of a forgotten request then draws as a first attempt).
      if (attempts.size >= 1_000_000) attempts.clear();
      const attempt = (attempts.get(key) ?? 0) + 1;
      attempts.set(key, attempt);
      fault = faults.active ? faults.choose(requestHash, attempt, probe?.record.id) : undefined;
      if (fault === 'hang') {
        // Never answered: the client's timeout ends it, or close() does.
        count('hang');
        return;
      }
      const delay = faults.latency(requestHash, attempt);
      if (delay > 0) await sleep(delay);
      if (res.destroyed) return;
    }
    if (fault !== undefined) return injectFault(fault, body.model, req, res);

    let text: string;
    try {
      text = checkpoint ? engine.reply(checkpoint, messages, body, probe).text : await judgeReply(messages);
    } catch (err) {
      return fail(res, 500, errorBody(err instanceof Error ? err.message : String(err), 'server_error'));
    }
    const limit = body.max_completion_tokens ?? body.max_tokens;
    const cut = limit ? truncateToTokens(text, limit) : { text, cut: false };
    send(
      res,
      200,
      completionBody({
        id: `chatcmpl-sim-${stats.requests.toString(36)}${requestHash.toString(36)}`,
        created: now(),
        model: body.model,
        content: cut.text,
        finishReason: cut.cut ? 'length' : 'stop',
        promptTokens: messages.reduce((n, m) => n + 4 + estimateTokens(m.content), 0),
        fingerprint: `fp_sim_${hashString(body.model).toString(16).padStart(8, '0')}`,
      }),
    );
  }

  async function judgeReply(messages: { role: string; content: string }[]): Promise<string> {
    if (!opts.judge) {
      throw new Error('no simulated judge is wired into this server: start it with `stoppoint sim`, or pass `judge` to startSimServer');
    }
    return await opts.judge(messages);
  }

  function injectFault(fault: FaultKind, model: string, req: IncomingMessage, res: ServerResponse): void {
    switch (fault) {
      case 'hang':
        return;
      case 'reset':
        count('reset');
        req.socket.destroy();
        return;
      case 'rate_limit': {
        const ms = faultCfg.retry_after_ms;
        const seconds = Math.ceil(ms / 1000);
        return fail(
          res,
          429,
          errorBody(`Rate limit reached for ${model} (simulated). Please try again in ${seconds}s.`, 'requests', 'rate_limit_exceeded'),
          { 'retry-after': String(seconds), 'retry-after-ms': String(ms) },
        );
      }
      case 'server_error':
      case 'fail_probe':
        return fail(res, 500, errorBody('The server had an error while processing your request (simulated).', 'server_error'));
      case 'malformed':
        // Cut off mid-object, as a proxy dropping a connection mid-body would leave it.
        return send(res, 200, '{"id":"chatcmpl-sim-broken","object":"chat.completion","choices":[{"index":0,"message":{"role":"assis');
      case 'wrong_shape':
        return send(res, 200, JSON.stringify({ id: 'chatcmpl-sim-shape', object: 'chat.completion', created: now(), model }));
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    stats.requests++;
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    let raw: string;
    try {
      raw = await readBody(req);
    } catch (err) {
      return fail(res, 413, errorBody(err instanceof Error ? err.message : String(err), 'invalid_request_error'));
    }
    if (expectedAuth !== undefined && req.headers.authorization !== expectedAuth) {
      return fail(res, 401, errorBody('Incorrect API key provided (the simulator checks the key its scenario names in `require_key`).', 'invalid_request_error', 'invalid_api_key'));
    }
    if (req.method === 'GET' && path === '/v1/models') return send(res, 200, modelsJson);
    if (req.method === 'POST' && path === '/v1/chat/completions') return chat(raw, req, res);
    return fail(res, 404, errorBody(`Unknown request URL: ${req.method ?? 'GET'} ${path}. The simulator serves GET /v1/models and POST /v1/chat/completions.`, 'invalid_request_error', 'unknown_url'));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      fail(res, 500, errorBody(`simulator error: ${err instanceof Error ? err.message : String(err)}`, 'server_error'));
    });
  });
  // Longer than clients' keep-alive pools, so the server does not close a socket a client is about to reuse.
  server.keepAliveTimeout = 60_000;
  server.headersTimeout = 65_000;
  await listen(server, opts.port ?? 0, opts.host ?? '127.0.0.1');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new FaultError('the simulator did not get a TCP port');
  const host = opts.host ?? '127.0.0.1';

  return {
    url: `http://${host}:${address.port}/v1`,
    port: address.port,
    models: names,
    warnings: [
      ...engine.index.warnings,
      ...faultCfg.fail_probes.filter((id) => !engine.index.byId.has(id)).map((id) => `faults.fail_probes: no loaded probe has id ${id}`),
    ],
    stats: () => ({ requests: stats.requests, byStatus: { ...stats.byStatus } }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        server.close(() => resolve());
        // Ends keep-alive sockets and hanging requests alike, so close() never waits on a client.
        server.closeAllConnections();
      }),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > MAX_BODY_BYTES) reject(new Error(`request body over ${MAX_BODY_BYTES} bytes`));
      else resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}

function listen(server: ReturnType<typeof createServer>, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException): void => {
      reject(
        new FaultError(
          err.code === 'EADDRINUSE' ? `port ${port} on ${host} is in use; choose another with --port (0 picks a free one)` : `cannot listen on ${host}:${port}: ${err.message}`,
        ),
      );
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}
