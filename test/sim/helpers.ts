import { resolve } from 'node:path';
import { loadProbeSetDir } from '../../src/probes/load.js';
import { parseScenario } from '../../src/sim/scenario.js';
import { startSimServer } from '../../src/sim/server.js';
import type { SimServer, SimServerOptions } from '../../src/sim/types.js';

export const repoRoot = resolve(import.meta.dirname, '../..');
export const fixtureSet = loadProbeSetDir(resolve(repoRoot, 'test/fixtures/sim/probes/simtest'));

/** A scenario with a perfect model, a hopeless one and a middling one, plus whatever `extra` adds. */
export const BASIC_SCENARIO = `
models:
  perfect:
    rates: {harmful_refusal: 1, over_refusal: 0, boundary: 1, factuality: 1, consistency: 1}
    style: {courtesy: 0, hedging: 0, partial_refusal: 0, length: 200}
  hopeless:
    rates: {harmful_refusal: 0, over_refusal: 1, boundary: 0, factuality: 0, consistency: 1}
    style: {courtesy: 1, hedging: 0, partial_refusal: 0, length: 200}
  middling:
    rates: {harmful_refusal: 0.5, over_refusal: 0.5, boundary: 0.5, factuality: 0.5, consistency: 0.5}
`;

export async function startWith(yaml: string, options: Partial<SimServerOptions> = {}): Promise<SimServer> {
  return startSimServer({ scenario: parseScenario(yaml, 'inline.yaml'), probeSets: [fixtureSet], ...options });
}

export function promptOf(id: string): string {
  const rec = fixtureSet.records.find((r) => r.id === id);
  if (!rec?.prompt) throw new Error(`no fixture probe ${id}`);
  return rec.prompt;
}

export interface RawReply {
  status: number;
  headers: Headers;
  text: string;
}

export async function post(server: SimServer, body: unknown, headers: Record<string, string> = {}): Promise<RawReply> {
  const res = await fetch(`${server.url}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

export function chatBody(model: string, prompt: string, seed = 1): Record<string, unknown> {
  return { model, messages: [{ role: 'user', content: prompt }], seed, temperature: 0.7 };
}
