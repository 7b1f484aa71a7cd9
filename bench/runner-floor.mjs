// Where the runner's per-request CPU goes, layer by layer (issue 8, "Runner"): each layer sends
// the same chat request N times at a fixed concurrency inside this process and reports its CPU
// (user + system, `process.cpuUsage`) per request, median of RUNS rounds after a warm-up.
//   sdk-canned     the openai SDK over a fetch that answers a canned reply with no I/O: the SDK's own floor
//   client-canned  our ChatClient (src/runner/client.ts) over the same canned fetch
//   retry-canned   the same inside withRetry (src/runner/retry.ts), as the runner calls it
//   bare-http      a keep-alive node:http request loop, no SDK: the transport's floor
//   transport      our fetch (src/runner/http-fetch.ts) alone against the simulator
//   client-http    ChatClient + withRetry against the simulator: everything but the run loop and the store
// The simulator (20 ms latency by default) runs in a child process; its CPU is printed apart.
// Usage: npm run build && node bench/runner-floor.mjs [--runs 3] [--n 10000] [--concurrency 128] [--latency 20] [--only a,b]
import http from 'node:http';
import { spawn } from 'node:child_process';
import { once, setMaxListeners } from 'node:events';
import { loadavg } from 'node:os';
import { rmSync } from 'node:fs';
import OpenAI from 'openai';
import { makeBenchWorkspace, processCpuMs } from './runner-workspace.mjs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const RUNS = Number(arg('runs', 3));
const N = Number(arg('n', 10000));
const CONCURRENCY = Number(arg('concurrency', 128));
const LATENCY = Number(arg('latency', 20));
const ONLY = arg('only', '') ? String(arg('only', '')).split(',') : null;

const [{ openChatClient }, { createHttpFetch }, { withRetry, classify, DEFAULT_RETRY }] = await Promise.all([
  import('../dist/runner/client.js'),
  import('../dist/runner/http-fetch.js'),
  import('../dist/runner/retry.js'),
]);

const root = makeBenchWorkspace(1000);
const sim = spawn(process.execPath, [new URL('./runner-sim.mjs', import.meta.url).pathname, root, String(LATENCY)], { stdio: ['ignore', 'pipe', 'inherit'] });
const [chunk] = await once(sim.stdout, 'data');
const baseUrl = String(chunk).trim();

// A reply as the simulator sends it (same shape and size), for the layers without I/O.
const cannedBody = JSON.stringify({
  id: 'chatcmpl-sim-1', object: 'chat.completion', created: 1, model: 'base',
  choices: [{ index: 0, message: { role: 'assistant', content: 'The answer is 84. Happy to help with anything else.', refusal: null }, logprobs: null, finish_reason: 'stop' }],
  usage: { prompt_tokens: 20, completion_tokens: 12, total_tokens: 32 }, system_fingerprint: 'fp_sim_00000000',
});
const cannedHeaders = new Headers({ 'content-type': 'application/json', 'content-length': String(cannedBody.length) });
/** Answers at once with a response object like the transport's; parses the body as a real reply would be. */
const cannedFetch = async (url) => ({
  url: String(url), status: 200, statusText: 'OK', ok: true, headers: cannedHeaders, body: null, bodyUsed: false, redirected: false, type: 'basic',
  text: async () => cannedBody,
  json: async () => JSON.parse(cannedBody),
});

let i = 0;
const params = () => ({ model: 'base', messages: [{ role: 'user', content: `Benchmark question ${i % 1000}: what is ${i % 1000} plus ${i % 1000}?` }], temperature: 0.7, max_tokens: 64, seed: i++ });
const endpoint = { base_url: baseUrl };
const run = new AbortController().signal;
setMaxListeners(0, run); // one listener per request in flight, as in execute.ts
const ctx = { model: 'base', baseUrl, keyEnv: undefined, secrets: [] };
const retryDeps = { policy: DEFAULT_RETRY, random: Math.random, signal: run, onRetry: () => {} };
const retried = (client) => () => withRetry(() => client.complete(params(), run), (e) => classify(e, ctx), retryDeps);

function layers() {
  const sdk = new OpenAI({ baseURL: baseUrl, apiKey: 'no-key-required', organization: null, project: null, maxRetries: 0, timeout: 60_000, logLevel: 'off', fetch: cannedFetch });
  const canned = openChatClient(endpoint, {}, 60_000, cannedFetch);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1024, scheduling: 'lifo' });
  const url = new URL(`${baseUrl}/chat/completions`);
  const bare = () =>
    new Promise((resolve, reject) => {
      const body = JSON.stringify(params());
      const req = http.request({ hostname: url.hostname, port: url.port, path: url.pathname, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
  const fetch = createHttpFetch({ maxSockets: 1024, maxBodyBytes: 8 * 1024 * 1024, timeoutMs: 60_000 });
  const transport = () =>
    fetch(`${baseUrl}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json', authorization: 'Bearer no-key-required' }, body: JSON.stringify(params()) }).then((r) => r.json());
  const overHttp = openChatClient(endpoint, {}, 60_000);
  return {
    'sdk-canned': () => sdk.chat.completions.create(params(), { timeout: 60_000, maxRetries: 0 }),
    'client-canned': () => canned.complete(params(), run),
    'retry-canned': retried(canned),
    'bare-http': bare,
    transport,
    'client-http': retried(overHttp),
  };
}

async function pool(n, send) {
  let left = n;
  const worker = async () => {
    while (left-- > 0) await send();
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, n) }, worker));
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = [];
try {
  for (const [name, send] of Object.entries(layers())) {
    if (ONLY && !ONLY.includes(name)) continue;
    await pool(Math.min(N, 3000), send); // warm-up: JIT, sockets
    const cpu = [], simCpu = [], wall = [];
    for (let r = 0; r < RUNS; r++) {
      globalThis.gc?.();
      const c0 = process.cpuUsage(), s0 = processCpuMs(sim.pid), t0 = performance.now();
      await pool(N, send);
      const c = process.cpuUsage(c0);
      wall.push(performance.now() - t0);
      cpu.push((c.user + c.system) / 1000 / N);
      simCpu.push((processCpuMs(sim.pid) - s0) / N);
    }
    const row = { layer: name, n: N, concurrency: CONCURRENCY, cpuMsPerRequest: median(cpu), simCpuMsPerRequest: median(simCpu), wallMs: Math.round(median(wall)), loadAverage: loadavg()[0] };
    results.push(row);
    process.stderr.write(`  ${name}: ${(row.cpuMsPerRequest * 1000).toFixed(1)} µs/request (runs ${cpu.map((x) => (x * 1000).toFixed(1)).join(', ')}), sim ${(row.simCpuMsPerRequest * 1000).toFixed(0)} µs, load ${row.loadAverage.toFixed(1)}\n`);
  }
} finally {
  sim.kill('SIGTERM');
  rmSync(root, { recursive: true, force: true });
}
console.log(`runner floor: median of ${RUNS} rounds of ${N} requests, concurrency ${CONCURRENCY}, simulator latency ${LATENCY} ms`);
console.log('| layer | CPU µs/request | simulator CPU µs/request | wall | load avg |');
console.log('|---|---|---|---|---|');
for (const r of results) console.log(`| ${r.layer} | ${(r.cpuMsPerRequest * 1000).toFixed(1)} | ${(r.simCpuMsPerRequest * 1000).toFixed(0)} | ${r.wallMs} ms | ${r.loadAverage.toFixed(1)} |`);
console.log(JSON.stringify({ bench: 'runner-floor', results }));
