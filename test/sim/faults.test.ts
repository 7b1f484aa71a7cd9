import { createConnection } from 'node:net';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import type { SimServer } from '../../src/sim/types.js';
import { BASIC_SCENARIO, chatBody, post, promptOf, startWith } from './helpers.js';

async function withFaults<T>(faults: Record<string, unknown>, body: (s: SimServer) => Promise<T>): Promise<T> {
  const s = await startWith(BASIC_SCENARIO, { faults });
  try {
    return await body(s);
  } finally {
    await s.close();
  }
}

const ask = (s: SimServer, id = 'fact-au', seed = 1) => post(s, chatBody('perfect', promptOf(id), seed));

describe('fault injection', () => {
  it('429 carries Retry-After (seconds) and retry-after-ms', async () => {
    await withFaults({ rate_limit: 1, retry_after_ms: 1500 }, async (s) => {
      const r = await ask(s);
      expect(r.status).toBe(429);
      expect(r.headers.get('retry-after')).toBe('2');
      expect(r.headers.get('retry-after-ms')).toBe('1500');
      expect(JSON.parse(r.text).error.code).toBe('rate_limit_exceeded');
      const sdk = new OpenAI({ baseURL: s.url, apiKey: 'x', maxRetries: 0 });
      const err = await sdk.chat.completions.create({ model: 'perfect', messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(OpenAI.RateLimitError);
    });
  });

  it('500s a server error', async () => {
    await withFaults({ server_error: 1 }, async (s) => {
      const r = await ask(s);
      expect(r.status).toBe(500);
      expect(JSON.parse(r.text).error.type).toBe('server_error');
      expect(s.stats().byStatus['500']).toBe(1);
    });
  });

  it('answers 200 with a body that is not JSON (malformed)', async () => {
    await withFaults({ malformed: 1 }, async (s) => {
      const r = await ask(s);
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toBe('application/json');
      expect(() => JSON.parse(r.text)).toThrow();
    });
  });

  it('answers 200 JSON without choices (wrong_shape)', async () => {
    await withFaults({ wrong_shape: 1 }, async (s) => {
      const r = await ask(s);
      expect(r.status).toBe(200);
      const body = JSON.parse(r.text);
      expect(body.object).toBe('chat.completion');
      expect(body.choices).toBeUndefined();
    });
  });

  it('resets the connection', async () => {
    await withFaults({ reset: 1 }, async (s) => {
      await expect(ask(s)).rejects.toThrow();
      expect(s.stats().byStatus.reset).toBe(1);
    });
  });

  it('hangs until the client gives up, and close() still ends the server promptly', async () => {
    const s = await startWith(BASIC_SCENARIO, { faults: { hang: 1 } });
    const started = Date.now();
    const r = fetch(`${s.url}/chat/completions`, {
      method: 'POST',
      body: JSON.stringify(chatBody('perfect', promptOf('fact-au'))),
      signal: AbortSignal.timeout(300),
    });
    await expect(r).rejects.toThrow(/timeout|aborted/i);
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    // A second hanging request is still open when close() is called.
    const pending = fetch(`${s.url}/chat/completions`, { method: 'POST', body: JSON.stringify(chatBody('perfect', promptOf('fact-ke'))) });
    while ((s.stats().byStatus.hang ?? 0) < 2) await new Promise((ok) => setTimeout(ok, 10));
    const closing = Date.now();
    await s.close();
    // The hanging request would never end on its own; close() ends it (generous bound for a busy CI box).
    expect(Date.now() - closing).toBeLessThan(5000);
    await expect(pending).rejects.toThrow();
    expect(s.stats().byStatus.hang).toBe(2);
  });

  it('adds latency (fixed + jitter)', async () => {
    await withFaults({ latency_ms: 120, latency_jitter_ms: 30 }, async (s) => {
      const t0 = performance.now();
      const r = await ask(s);
      const took = performance.now() - t0;
      expect(r.status).toBe(200);
      expect(took).toBeGreaterThanOrEqual(115);
      expect(took).toBeLessThan(5000);
    });
  });

  it('fails listed probes on every attempt and leaves others alone', async () => {
    await withFaults({ fail_probes: ['fact-au', 'no-such-probe'] }, async (s) => {
      expect(s.warnings).toEqual(['faults.fail_probes: no loaded probe has id no-such-probe']);
      for (let i = 0; i < 5; i++) expect((await ask(s, 'fact-au')).status).toBe(500);
      expect((await ask(s, 'fact-ke')).status).toBe(200);
    });
  });

  it('draws faults per attempt: a retry can succeed, and the sequence repeats on a fresh server', async () => {
    const statuses = async (): Promise<number[]> =>
      withFaults({ server_error: 0.5 }, async (s) => {
        const out: number[] = [];
        for (let i = 0; i < 12; i++) out.push((await ask(s, 'fact-au', 4)).status);
        return out;
      });
    const first = await statuses();
    expect(first).toContain(500);
    expect(first).toContain(200);
    expect(await statuses()).toEqual(first);
  });

  it('never faults /v1/models, nor judge requests unless include_judge', async () => {
    await withFaults({ server_error: 1 }, async (s) => {
      const res = await fetch(`${s.url}/models`);
      expect(res.status).toBe(200);
    });
    const s = await startWith(BASIC_SCENARIO, { faults: { server_error: 1 }, judge: () => 'ok' });
    try {
      expect((await post(s, chatBody('sim-judge', 'grade'))).status).toBe(200);
    } finally {
      await s.close();
    }
    const t = await startWith(BASIC_SCENARIO, { faults: { server_error: 1, include_judge: true }, judge: () => 'ok' });
    try {
      expect((await post(t, chatBody('sim-judge', 'grade'))).status).toBe(500);
    } finally {
      await t.close();
    }
  });

  it('takes faults from the scenario file', async () => {
    const s = await startWith(`faults: {rate_limit: 1, retry_after_ms: 0}\n${BASIC_SCENARIO}`);
    try {
      const r = await ask(s);
      expect(r.status).toBe(429);
      expect(r.headers.get('retry-after')).toBe('0');
    } finally {
      await s.close();
    }
  });

  it('keeps connections alive between requests', async () => {
    await withFaults({}, async (s) => {
      const { port } = s;
      const socket = createConnection({ host: '127.0.0.1', port });
      const body = JSON.stringify(chatBody('perfect', promptOf('fact-au')));
      const request = `POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
      let received = '';
      socket.on('data', (d) => (received += d.toString()));
      socket.write(request + request);
      const end = Date.now() + 5000;
      while ((received.match(/HTTP\/1\.1 200 OK/g)?.length ?? 0) < 2 && Date.now() < end) await new Promise((ok) => setTimeout(ok, 10));
      socket.destroy();
      expect(received.match(/HTTP\/1\.1 200 OK/g)?.length).toBe(2);
    });
  });
});
