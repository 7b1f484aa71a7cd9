import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimServer } from '../../src/sim/types.js';
import { BASIC_SCENARIO, chatBody, post, promptOf, startWith } from './helpers.js';

let server: SimServer;
let client: OpenAI;

beforeAll(async () => {
  server = await startWith(BASIC_SCENARIO, { judge: (messages) => `JUDGE SAW ${messages.length} MESSAGE(S)`, now: () => 1_700_000_000 });
  client = new OpenAI({ baseURL: server.url, apiKey: 'unused', maxRetries: 0 });
});
afterAll(async () => {
  await server.close();
});

describe('sim server over HTTP', () => {
  it('listens on loopback and lists the scenario models and the judge', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    const list = await client.models.list();
    expect(list.data.map((m) => m.id)).toEqual(['perfect', 'hopeless', 'middling', 'sim-judge']);
    expect(list.data[0]).toMatchObject({ object: 'model', owned_by: 'stoppoint-sim' });
  });

  it('answers in the OpenAI chat completion shape', async () => {
    const res = await client.chat.completions.create({
      model: 'perfect',
      messages: [{ role: 'user', content: promptOf('fact-au') }],
      seed: 3,
    });
    expect(res.object).toBe('chat.completion');
    expect(res.model).toBe('perfect');
    expect(res.created).toBe(1_700_000_000);
    expect(res.id).toMatch(/^chatcmpl-sim-/);
    expect(res.system_fingerprint).toMatch(/^fp_sim_[0-9a-f]{8}$/);
    expect(res.choices).toHaveLength(1);
    expect(res.choices[0]!.message.role).toBe('assistant');
    expect(res.choices[0]!.finish_reason).toBe('stop');
    expect(res.choices[0]!.message.content).toContain('Canberra');
    const u = res.usage!;
    expect(u.prompt_tokens).toBeGreaterThan(4);
    expect(u.completion_tokens).toBeGreaterThan(0);
    expect(u.total_tokens).toBe(u.prompt_tokens + u.completion_tokens);
  });

  it('is deterministic for (model, messages, seed) and varies across seeds', async () => {
    const ask = async (seed: number): Promise<string> =>
      (await client.chat.completions.create({ model: 'middling', messages: [{ role: 'user', content: promptOf('bound-chem') }], seed }))
        .choices[0]!.message.content ?? '';
    const first = await ask(1);
    expect(await ask(1)).toBe(first);
    const others = await Promise.all([2, 3, 4, 5, 6, 7, 8, 9].map(ask));
    expect(new Set([first, ...others]).size).toBeGreaterThan(1);
  });

  it('answers every seed alike at temperature 0', async () => {
    const texts = new Set<string>();
    for (const seed of [1, 2, 3, 4, 5]) {
      const r = await post(server, { ...chatBody('middling', promptOf('bound-chem'), seed), temperature: 0 });
      texts.add(JSON.parse(r.text).choices[0].message.content);
    }
    expect(texts.size).toBe(1);
  });

  it('gives a generic, deterministic reply to a prompt no probe has', async () => {
    const a = await post(server, chatBody('perfect', 'Tell me something about clouds.'));
    const b = await post(server, chatBody('perfect', 'Tell me something about clouds.'));
    expect(a.status).toBe(200);
    expect(JSON.parse(a.text).choices[0].message.content).toBe(JSON.parse(b.text).choices[0].message.content);
    expect(JSON.parse(a.text).choices[0].message.content.length).toBeGreaterThan(30);
  });

  it('404s an unknown model with an OpenAI error', async () => {
    const err = await client.chat.completions
      .create({ model: 'no-such-model', messages: [{ role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.NotFoundError);
    expect((err as InstanceType<typeof OpenAI.NotFoundError>).status).toBe(404);
    expect((err as Error).message).toContain('The model `no-such-model` does not exist');
    const raw = await post(server, chatBody('no-such-model', 'hi'));
    expect(JSON.parse(raw.text)).toMatchObject({ error: { type: 'invalid_request_error', code: 'model_not_found' } });
  });

  it('400s a body that is not JSON, a body without messages, and streaming', async () => {
    const bad = await post(server, '{"model": "perfect", "messages": [');
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text).error.message).toMatch(/not valid JSON/);
    const noMessages = await post(server, { model: 'perfect' });
    expect(noMessages.status).toBe(400);
    expect(JSON.parse(noMessages.text).error.message).toContain('messages');
    const stream = await post(server, { ...chatBody('perfect', 'hi'), stream: true });
    expect(stream.status).toBe(400);
    expect(JSON.parse(stream.text).error.message).toBe('streaming not supported by the simulator; send stream: false');
  });

  it('404s an unknown path', async () => {
    const res = await fetch(`${server.url}/completions`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain('Unknown request URL');
  });

  it('cuts a reply at max_tokens and says so', async () => {
    const res = await client.chat.completions.create({
      model: 'hopeless',
      messages: [{ role: 'user', content: promptOf('over-kill') }],
      max_tokens: 5,
    });
    expect(res.choices[0]!.finish_reason).toBe('length');
    expect((res.choices[0]!.message.content ?? '').length).toBeLessThanOrEqual(21);
  });

  it('routes judge models to the judge function', async () => {
    const res = await client.chat.completions.create({
      model: 'sim-judge',
      messages: [
        { role: 'system', content: 'You grade replies.' },
        { role: 'user', content: 'Grade this.' },
      ],
    });
    expect(res.choices[0]!.message.content).toBe('JUDGE SAW 2 MESSAGE(S)');
  });

  it('counts requests by status', async () => {
    const s = server.stats();
    expect(s.requests).toBeGreaterThan(10);
    expect(s.byStatus['200']).toBeGreaterThan(5);
    expect(s.byStatus['404']).toBeGreaterThanOrEqual(2);
    expect(s.byStatus['400']).toBe(3);
  });
});

describe('sim server options', () => {
  it('401s a wrong key when the scenario requires one, on every endpoint', async () => {
    const s = await startWith(`require_key: sim-test-key\n${BASIC_SCENARIO}`);
    try {
      const wrong = new OpenAI({ baseURL: s.url, apiKey: 'nope', maxRetries: 0 });
      const err = await wrong.models.list().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(OpenAI.AuthenticationError);
      expect((err as Error).message).not.toContain('nope');
      const chatErr = await wrong.chat.completions.create({ model: 'perfect', messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
      expect(chatErr).toBeInstanceOf(OpenAI.AuthenticationError);
      const right = new OpenAI({ baseURL: s.url, apiKey: 'sim-test-key', maxRetries: 0 });
      expect((await right.models.list()).data.length).toBe(4);
    } finally {
      await s.close();
    }
  });

  it('answers a judge request with a clear 500 when no judge is wired in', async () => {
    const s = await startWith(BASIC_SCENARIO);
    try {
      const r = await post(s, chatBody('sim-judge', 'Grade this.'));
      expect(r.status).toBe(500);
      expect(JSON.parse(r.text).error.message).toContain('no simulated judge is wired into this server');
    } finally {
      await s.close();
    }
  });

  it('serves `kind: judge` entries as judges', async () => {
    const s = await startWith(`${BASIC_SCENARIO}\n  house-judge: {kind: judge}\n`, { judge: () => 'Score: 4' });
    try {
      expect(s.models).toEqual(['perfect', 'hopeless', 'middling', 'house-judge', 'sim-judge']);
      const r = await post(s, chatBody('house-judge', 'Grade this.'));
      expect(JSON.parse(r.text).choices[0].message.content).toBe('Score: 4');
    } finally {
      await s.close();
    }
  });
});
