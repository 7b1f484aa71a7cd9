import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { FaultError } from '../../src/errors.js';
import { candidateForModel, discoverCandidates, newModels } from '../../src/runner/discover.js';
import { runCliAsync } from '../helpers/cli-async.js';
import { useSimulator } from '../helpers/sim.js';
import { startSim, tempWorkspace, writePlan } from './helpers.js';

describe('run --discover against the simulator', () => {
  const sims = useSimulator();

  it('offers every served model that is not a candidate yet, and appends them only with yes', async () => {
    const sim = await sims.start(startSim());
    const t = sims.temp(tempWorkspace());
    const plan = writePlan(t.ws, { baseUrl: sim.url, candidates: [{ name: 'base', model: 'base', baseline: true }] });
    const before = readFileSync(plan, 'utf8');

    const offer = await discoverCandidates(plan);
    expect(offer.served).toEqual(['base', 'ft-a', 'sim-judge']);
    expect(offer.offered).toEqual([{ name: 'ft-a', model: 'ft-a' }, { name: 'sim-judge', model: 'sim-judge' }]);
    expect(offer.added).toEqual([]);
    expect(readFileSync(plan, 'utf8')).toBe(before);

    const taken = await discoverCandidates(plan, { yes: true, match: /^ft-/ });
    expect(taken.added).toEqual([{ name: 'ft-a', model: 'ft-a' }]);
    const after = readFileSync(plan, 'utf8');
    expect(after.startsWith(before)).toBe(true);
    expect((parse(after) as { candidates: { model: string }[] }).candidates.map((c) => c.model)).toEqual(['base', 'ft-a']);

    const again = await discoverCandidates(plan, { yes: true, match: /^ft-/ });
    expect(again.offered).toEqual([]);
    expect(readFileSync(plan, 'utf8')).toBe(after);
  });

  it('never offers the plan judge model, and works on a plan with no candidates yet', async () => {
    const sim = await sims.start(startSim());
    const t = sims.temp(tempWorkspace());
    const plan = writePlan(t.ws, { baseUrl: sim.url, extra: { judge: { base_url: sim.url, model: 'sim-judge' } } });
    writeFileSync(plan, readFileSync(plan, 'utf8').replace(/candidates:[\s\S]*?(?=\n\w|$)/, 'candidates: []'));
    const r = await discoverCandidates(plan, { yes: true });
    expect(r.added.map((c) => c.model)).toEqual(['base', 'ft-a']);
  });

  it('a server that is not there is a fault naming the endpoint', async () => {
    const t = sims.temp(tempWorkspace());
    const plan = writePlan(t.ws, { baseUrl: 'http://127.0.0.1:9/v1' });
    await expect(discoverCandidates(plan)).rejects.toThrow(FaultError);
    await expect(discoverCandidates(plan)).rejects.toThrow(/cannot list the models of http:\/\/127\.0\.0\.1:9\/v1/);
  });

  it('the CLI lists offers and stops without --yes; with --yes it appends and runs', async () => {
    const sim = await sims.start(startSim());
    const t = sims.temp(tempWorkspace());
    const plan = writePlan(t.ws, { baseUrl: sim.url, repeats: 1, candidates: [{ name: 'base', model: 'base', baseline: true }], extra: { judge: { base_url: sim.url, model: 'sim-judge' } } });
    const listed = await runCliAsync(['run', plan, '--discover'], t.ws.root);
    expect(listed.stderr).toBe('');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('serves 3 model(s); 1 not in the plan yet');
    expect(listed.stdout).toContain('  ? ft-a');
    expect(sim.stats().requests).toBe(1); // only GET /v1/models: nothing evaluated

    const ran = await runCliAsync(['run', plan, '--discover', '--yes', '--json'], t.ws.root);
    expect(ran.code).toBe(0);
    expect(ran.stderr).toContain('  + ft-a');
    const summary = JSON.parse(ran.stdout) as { candidates: { name: string; replied: number }[] };
    expect(summary.candidates.map((c) => c.name)).toEqual(['base', 'ft-a']);
    expect(summary.candidates[1]?.replied).toBeGreaterThan(0);
  });
});

describe('newModels / candidateForModel', () => {
  it('matches on the model a candidate sends, not its name, and keeps the endpoint order', () => {
    const cands = [{ name: 'b', model: 'llama3:8b' }, { name: 'llama3:70b', model: 'other' }];
    expect(newModels(cands, ['llama3:8b', 'llama3:70b', 'llama3:70b', 'qwen'], { judge: 'qwen' })).toEqual(['llama3:70b']);
  });

  it('names a candidate after the model id, replacing what a name cannot hold', () => {
    expect(candidateForModel('/models/qwen2.5-7b-instruct-q4_k_m.gguf')).toEqual({ name: 'models-qwen2.5-7b-instruct-q4_k_m.gguf', model: '/models/qwen2.5-7b-instruct-q4_k_m.gguf' });
    expect(candidateForModel('llama3.1:8b-instruct')).toEqual({ name: 'llama3.1:8b-instruct', model: 'llama3.1:8b-instruct' });
  });
});
