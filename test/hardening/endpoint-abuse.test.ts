import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { stringify } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { openWorkspace } from '../../src/workspace.js';
import { cliPath, repoRoot } from '../helpers/cli.js';
import { workspaceWith } from '../helpers/tmp.js';

/**
 * An OpenAI-compatible endpoint that misbehaves in a different way for each model name, and one
 * healthy model: the run must end in bounded time and memory, record an error for every abusive
 * probe-sample, and still give the healthy candidate full coverage.
 */
const fixtureProbes = resolve(repoRoot, 'test/fixtures/hardening/probes');
const PROBES = 3; // test/fixtures/hardening/probes/tiny
const REPEATS = 2;
const TIMEOUT_MS = 1500;
const TEN_MB = Buffer.alloc(10 * 1024 * 1024, 0x61);

type Behaviour = (req: http.IncomingMessage, res: http.ServerResponse, body: { model?: string }) => void;

const reply = (res: http.ServerResponse, status: number, json: unknown): void => {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
};

const behaviours: Record<string, Behaviour> = {
  healthy: (_req, res, body) =>
    reply(res, 200, {
      id: 'chatcmpl-1',
      object: 'chat.completion',
      created: 1,
      model: body.model,
      choices: [{ index: 0, message: { role: 'assistant', content: 'Paris, Tokyo and Au.' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
    }),
  // Headers, then a byte every 100 ms, never ending: only a whole-body deadline stops it.
  'stream-forever': (req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{');
    const tick = setInterval(() => res.write(' '), 100);
    const stop = (): void => clearInterval(tick);
    req.socket.on('close', stop);
    res.on('close', stop);
  },
  // 10 MB, past the runner's 8 MB body cap.
  'ten-mb': (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(TEN_MB.length) });
    res.end(TEN_MB);
  },
  'never-answers': () => undefined,
  'wrong-shape': (_req, res) => reply(res, 200, { foo: 1 }),
  'empty-choices': (_req, res, body) => reply(res, 200, { id: 'x', object: 'chat.completion', created: 1, model: body.model, choices: [] }),
};
const abusive = Object.keys(behaviours).filter((m) => m !== 'healthy');

interface AbuseServer {
  url: string;
  requests: Record<string, number>;
  close: () => Promise<void>;
}

function startAbuseServer(): Promise<AbuseServer> {
  const requests: Record<string, number> = {};
  const server = http.createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8').on('data', (d: string) => (raw += d));
    req.on('end', () => {
      let body: { model?: string } = {};
      try {
        body = JSON.parse(raw) as { model?: string };
      } catch {
        // a GET (e.g. /v1/models) has no body
      }
      const model = body.model ?? '';
      requests[model] = (requests[model] ?? 0) + 1;
      const behave = behaviours[model];
      if (behave) behave(req, res, body);
      else reply(res, 404, { error: { message: `no model ${model}` } });
    });
  });
  return new Promise((resolveStart) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolveStart({
        url: `http://127.0.0.1:${port}/v1`,
        requests,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

interface PeakResult {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
  /** Peak resident memory of the CLI process (VmHWM), in MB; undefined where /proc is not available. */
  childPeakMb: number | undefined;
}

/** Like runCliAsync, also sampling the child's peak RSS from /proc while it runs. */
function runCliMeasured(args: readonly string[], cwd: string): Promise<PeakResult> {
  return new Promise((done, fail) => {
    const t0 = Date.now();
    const child = spawn(process.execPath, [cliPath, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    let peakKb: number | undefined;
    const status = `/proc/${child.pid}/status`;
    const sample = (): void => {
      try {
        const kb = Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(status, 'utf8'))?.[1]);
        if (Number.isFinite(kb)) peakKb = Math.max(peakKb ?? 0, kb);
      } catch {
        // the process is gone between samples, or there is no /proc (not Linux)
      }
    };
    const poll = setInterval(sample, 50);
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', fail);
    child.on('exit', sample);
    child.on('close', (code) => {
      clearInterval(poll);
      done({ code, stdout, stderr, ms: Date.now() - t0, childPeakMb: peakKb === undefined ? undefined : peakKb / 1024 });
    });
  });
}

interface CandidateRows {
  name: string;
  rows: number;
  errors: number;
  classes: string;
  maxAttempts: number;
}

function rowsByCandidate(storePath: string): CandidateRows[] {
  const db = new Database(storePath, { readonly: true });
  try {
    return db
      .prepare(
        `SELECT c.name AS name, COUNT(r.id) AS rows,
                COUNT(r.id) FILTER (WHERE r.error_class IS NOT NULL) AS errors,
                COALESCE(GROUP_CONCAT(DISTINCT r.error_class), '') AS classes,
                COALESCE(MAX(r.attempts), 0) AS maxAttempts
         FROM candidates c LEFT JOIN responses r ON r.candidate_id = c.id
         GROUP BY c.id ORDER BY c.ordinal`,
      )
      .all() as CandidateRows[];
  } finally {
    db.close();
  }
}

describe('endpoint abuse', () => {
  let server: AbuseServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('streams forever, 10 MB bodies, silence, wrong shapes: bounded time and memory, errors recorded, the healthy candidate complete', async () => {
    server = await startAbuseServer();
    const root = workspaceWith(fixtureProbes, ['tiny']);
    const ws = openWorkspace(root);
    mkdirSync(ws.runsDir, { recursive: true });
    const plan = {
      name: 'abuse',
      probes: ['tiny'],
      endpoint: { base_url: server.url, timeout_ms: TIMEOUT_MS },
      sampling: { temperature: 0.7, max_tokens: 32 },
      repeats: REPEATS,
      concurrency: 16,
      candidates: [{ name: 'healthy', model: 'healthy', baseline: true }, ...abusive.map((m) => ({ name: m, model: m }))],
    };
    writeFileSync(join(ws.runsDir, 'abuse.yaml'), stringify(plan));

    const rssBefore = process.memoryUsage().rss;
    const r = await runCliMeasured(['run', 'runs/abuse.yaml', '--max-attempts', '2', '--workspace', root], root);
    const rssGrowthMb = (process.memoryUsage().rss - rssBefore) / 2 ** 20;

    expect(r.stderr).not.toMatch(/^ {4}at /m);
    expect(r.code, `stdout: ${r.stdout.slice(-1500)}\nstderr: ${r.stderr.slice(-1500)}`).toBe(4);
    // 2 attempts of ≤1.5 s each plus backoff, all probe-samples in parallel: far under this bound.
    expect(r.ms).toBeLessThan(30_000);
    expect(rssGrowthMb).toBeLessThan(300);
    if (existsSync('/proc/self/status')) {
      // The CLI must not hold the 10 MB bodies (or a trickle that never ends) in memory for long.
      expect(r.childPeakMb).toBeDefined();
      expect(r.childPeakMb!).toBeLessThan(400);
    }

    const expected = PROBES * REPEATS;
    const rows = rowsByCandidate(ws.storePath);
    expect(rows.map((c) => c.name)).toEqual(['healthy', ...abusive]);
    expect(rows[0]).toMatchObject({ name: 'healthy', rows: expected, errors: 0 });
    for (const c of rows.slice(1)) {
      // One recorded error per probe × sample, after exactly the allowed attempts.
      expect(c, c.name).toMatchObject({ rows: expected, errors: expected, maxAttempts: 2 });
      expect(c.classes, c.name).not.toBe('');
      expect(server.requests[c.name], c.name).toBe(expected * 2);
    }
    const byName = Object.fromEntries(rows.map((c) => [c.name, c.classes]));
    expect(byName['stream-forever']).toBe('timeout');
    expect(byName['never-answers']).toBe('timeout');
    // An oversized body is the reply's fault, not the connection's (see the breaker case below).
    expect(byName['ten-mb']).toBe('malformed');
    expect(byName['wrong-shape']).toBe('malformed');
    expect(byName['empty-choices']).toBe('malformed');
    // The failures are listed per candidate in the summary.
    for (const m of abusive) expect(r.stdout + r.stderr).toContain(m);
  }, 60_000);

  it('an endpoint answering only 10 MB bodies is recorded per probe, not mistaken for a server that is down', async () => {
    server = await startAbuseServer();
    const root = workspaceWith(fixtureProbes, ['tiny']);
    const ws = openWorkspace(root);
    mkdirSync(ws.runsDir, { recursive: true });
    // 3 probes × 4 repeats = 12 failing probe-samples in a row: past the runner's connection breaker
    // (8 in a row), which must not count an oversized reply as a failure to connect.
    const plan = {
      name: 'big-bodies',
      probes: ['tiny'],
      endpoint: { base_url: server.url, timeout_ms: TIMEOUT_MS },
      repeats: 4,
      concurrency: 2,
      candidates: [{ name: 'ten-mb', model: 'ten-mb' }],
    };
    writeFileSync(join(ws.runsDir, 'big-bodies.yaml'), stringify(plan));
    const r = await runCliMeasured(['run', 'runs/big-bodies.yaml', '--max-attempts', '2', '--workspace', root], root);
    expect(r.stderr).not.toMatch(/cannot reach/);
    expect(r.code, `stdout: ${r.stdout.slice(-1500)}\nstderr: ${r.stderr.slice(-1500)}`).toBe(4);
    expect(rowsByCandidate(ws.storePath)).toEqual([{ name: 'ten-mb', rows: 12, errors: 12, classes: 'malformed', maxAttempts: 2 }]);
    expect(r.stdout).toMatch(/reply body over 8388608 bytes/);
  }, 60_000);
});
