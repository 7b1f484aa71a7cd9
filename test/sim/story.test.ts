import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { Plan } from '../../src/plan/schema.js';
import { loadProbeSetDir } from '../../src/probes/load.js';
import { probeMessages, type ProbeRecord } from '../../src/probes/schema.js';
import { decide, type Decision } from '../../src/sim/decide.js';
import { createEngine, sampleOf, type SimEngine } from '../../src/sim/engine.js';
import { loadScenario } from '../../src/sim/scenario.js';
import { repoRoot } from './helpers.js';

const core = loadProbeSetDir(resolve(repoRoot, 'probes/core'));

function setup(scenarioFile: string, planFile: string): { engine: SimEngine; plan: Plan; w: number } {
  const scenario = loadScenario(resolve(repoRoot, scenarioFile));
  const plan = Plan.parse(parse(readFileSync(resolve(repoRoot, planFile), 'utf8')));
  return { engine: createEngine(scenario, [core]), plan, w: scenario.noise.probe_weight };
}

/** Share of (probe, sample) pairs meeting `ok`, over probes matching `which`, seeds 0 and 1 as the runner sends them. */
function share(s: ReturnType<typeof setup>, model: string, which: (r: ProbeRecord) => boolean, ok: (d: Decision, r: ProbeRecord) => boolean): number {
  const m = s.engine.models.checkpoints.get(model)!;
  let n = 0;
  let hits = 0;
  for (const rec of core.records.filter(which)) {
    const probe = s.engine.index.lookup(probeMessages(rec))!;
    for (const seed of [0, 1]) {
      n++;
      if (ok(decide(m, probe, sampleOf({ seed, temperature: 0.7 }), s.w), rec)) hits++;
    }
  }
  return hits / n;
}

const harmful = (r: ProbeRecord): boolean => r.category === 'refusal' && r.expect.behavior === 'refuse';
const safe = (r: ProbeRecord): boolean => r.category === 'refusal' && r.expect.behavior === 'answer';
const factual = (r: ProbeRecord): boolean => r.category === 'factuality';
const refused = (d: Decision): boolean => d.refuse && !d.partial;
const correct = (d: Decision): boolean => d.correct;

describe('the demo scenario tells the demo story', () => {
  const s = setup('scenarios/demo.yaml', 'runs/demo.yaml');
  const fa = (m: string): number => share(s, m, factual, correct);
  const over = (m: string): number => share(s, m, safe, refused);
  const harm = (m: string): number => share(s, m, harmful, refused);
  const courtesy = (m: string): number => share(s, m, () => true, (d) => d.courteous);

  it('serves every model of runs/demo.yaml and knows every probe it names', () => {
    for (const c of s.plan.candidates) expect(s.engine.models.checkpoints.has(c.model), c.model).toBe(true);
    expect(s.engine.models.judges.has(s.plan.judge!.model)).toBe(true);
    expect(s.engine.index.warnings).toEqual([]);
  });

  it('stage 1: a real gain over base, on both seeds', () => {
    for (const m of ['demo-lr1e-4-r8-s1', 'demo-lr1e-4-r8-s2']) {
      expect(fa(m) - fa('demo-base'), m).toBeGreaterThan(0.07);
      expect(over('demo-base') - over(m), m).toBeGreaterThan(0.08);
    }
  });

  it('stage 2: the seeds of one configuration differ as much as configurations do', () => {
    const seedSpread = Math.abs(fa('demo-lr1e-4-r16-s1') - fa('demo-lr1e-4-r16-s2'));
    const configGap = Math.abs((fa('demo-lr1e-4-r16-s1') + fa('demo-lr1e-4-r16-s2')) / 2 - (fa('demo-lr1e-4-r8-s1') + fa('demo-lr1e-4-r8-s2')) / 2);
    expect(seedSpread).toBeGreaterThan(0.1);
    expect(seedSpread).toBeGreaterThan(configGap);
  });

  it('stage 3: style up, judgment flat', () => {
    for (const [m, before] of [['demo-lr3e-4-r8-s1', 'demo-lr1e-4-r8-s1'], ['demo-lr3e-4-r8-s2', 'demo-lr1e-4-r8-s2']] as const) {
      expect(courtesy(m) - courtesy(before), m).toBeGreaterThan(0.35);
      expect(Math.abs(fa(m) - fa(before)), m).toBeLessThan(0.05);
      expect(Math.abs(over(m) - over(before)), m).toBeLessThan(0.06);
    }
  });

  it('stage 4: along the run, harmful-request refusals drift down from step 300', () => {
    const step = (n: number): string => `demo-lr2e-4-r16-step${n}`;
    expect(harm(step(200)) - harm(step(100))).toBeGreaterThan(-0.03);
    expect(harm(step(300))).toBeLessThan(harm(step(200)));
    expect(harm(step(500))).toBeLessThan(harm(step(300)) - 0.1);
    expect(fa(step(300))).toBeGreaterThan(fa(step(100)));
  });

  it('the training log of that run: loss and eval loss fall, logged every 10 and 100 steps', () => {
    const state = JSON.parse(readFileSync(resolve(repoRoot, 'runs/logs/demo/trainer_state.json'), 'utf8')) as {
      global_step: number;
      log_history: { step: number; loss?: number; eval_loss?: number }[];
    };
    const train = state.log_history.filter((e) => e.loss !== undefined);
    const evals = state.log_history.filter((e) => e.eval_loss !== undefined);
    expect(state.global_step).toBe(500);
    expect(train.map((e) => e.step)).toEqual(Array.from({ length: 50 }, (_, i) => (i + 1) * 10));
    expect(evals.map((e) => e.step)).toEqual([100, 200, 300, 400, 500]);
    for (let i = 1; i < evals.length; i++) expect(evals[i]!.eval_loss!).toBeLessThan(evals[i - 1]!.eval_loss!);
    const at = (step: number): number => train.find((e) => e.step === step)!.loss!;
    for (const [a, b] of [[100, 200], [200, 300], [300, 400], [400, 500]]) expect(at(b!)).toBeLessThan(at(a!));
  });

  it('the probes the scenario marks flaky flip between the two repeats of every candidate', () => {
    const flaky = ['fact-0031', 'fact-0044', 'ref-0040', 'bnd-0014', 'zh-fact-0019'];
    for (const c of s.plan.candidates) {
      const m = s.engine.models.checkpoints.get(c.model)!;
      for (const id of flaky) {
        const probe = s.engine.index.byId.get(id)![0]!;
        const [a, b] = [0, 1].map((seed) => decide(m, probe, sampleOf({ seed, temperature: 0.7 }), s.w));
        expect(a!.refuse !== b!.refuse || a!.correct !== b!.correct, `${c.name} ${id}`).toBe(true);
      }
    }
  });
});

describe('the healthy scenario moves one metric per step', () => {
  const s = setup('test/fixtures/sim/healthy.yaml', 'test/fixtures/sim/healthy-plan.yaml');
  const models = s.plan.candidates.map((c) => c.model);
  const metrics = {
    factuality: (m: string) => share(s, m, factual, correct),
    over_refusal: (m: string) => share(s, m, safe, refused),
    harmful: (m: string) => share(s, m, harmful, refused),
    boundary: (m: string) => share(s, m, (r) => r.category === 'boundary', (d, r) => d.refuse === (r.expect.behavior === 'refuse')),
    courtesy: (m: string) => share(s, m, () => true, (d) => d.courteous),
  };
  const moved = ['factuality', 'over_refusal', 'boundary'] as const;

  it('serves the plan and changes exactly the intended metric at each step, by a clear margin', () => {
    for (const m of models) expect(s.engine.models.checkpoints.has(m), m).toBe(true);
    expect(s.engine.index.warnings).toEqual([]);
    for (let i = 1; i < models.length; i++) {
      for (const [name, f] of Object.entries(metrics)) {
        const delta = Math.abs(f(models[i]!) - f(models[i - 1]!));
        if (name === moved[i - 1]) expect(delta, `${models[i]} ${name}`).toBeGreaterThan(0.1);
        else expect(delta, `${models[i]} ${name}`).toBe(0);
      }
    }
  });
});
