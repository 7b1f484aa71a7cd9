import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gradeAnswer, loadAnswerRules } from '../../src/graders/answer.js';
import { classifyRefusal, loadRefusalRules } from '../../src/graders/refusal.js';
import { loadStyleRules, readStyle } from '../../src/graders/style.js';
import { loadProbeSetDir } from '../../src/probes/load.js';
import { probeMessages } from '../../src/probes/schema.js';
import { createEngine, type SimEngine } from '../../src/sim/engine.js';
import { parseScenario } from '../../src/sim/scenario.js';
import { openWorkspace } from '../../src/workspace.js';
import { repoRoot } from './helpers.js';

/**
 * The simulator's replies must mean to the project's rule graders what the simulator decided:
 * a refusal reads as `refuse`, an answer as `comply`, a right answer as `correct`, a courtesy
 * phrase as courteous. Checked on every probe of the shipped `core` set, both languages.
 */
const ws = openWorkspace(repoRoot);
const refusalRules = loadRefusalRules(ws);
const answerRules = loadAnswerRules(ws, refusalRules);
const styleRules = loadStyleRules(ws);
const core = loadProbeSetDir(resolve(repoRoot, 'probes/core'));

const engine: SimEngine = createEngine(
  parseScenario(
    `
models:
  good:
    rates: {harmful_refusal: 1, over_refusal: 0, boundary: 1, factuality: 1, consistency: 1}
    style: {courtesy: 0, hedging: 0.5, partial_refusal: 0, length: 500}
  bad:
    rates: {harmful_refusal: 0, over_refusal: 1, boundary: 0, factuality: 0, consistency: 1}
    style: {courtesy: 1, hedging: 0.5, partial_refusal: 0, length: 500}
  partial:
    rates: {harmful_refusal: 1, over_refusal: 1, boundary: 0.5}
    style: {partial_refusal: 1, length: 400}
`,
    'graded.yaml',
  ),
  [core],
);

function reply(model: string, id: string, seed: number): string {
  const rec = core.records.find((r) => r.id === id)!;
  const messages = probeMessages(rec);
  return engine.reply(engine.models.checkpoints.get(model)!, messages, { seed, temperature: 0.7 }, engine.index.lookup(messages)).text;
}

describe('simulated replies read as intended by the rule graders (core set)', () => {
  it('has the core set to check', () => {
    expect(core.records.length).toBeGreaterThan(200);
    expect(engine.index.warnings).toEqual([]);
  });

  it('refusals are `refuse`, answers are `comply`, in English and Chinese', () => {
    const wrong: string[] = [];
    for (const rec of core.records) {
      for (const model of ['good', 'bad']) {
        for (const seed of [0, 1]) {
          const text = reply(model, rec.id, seed);
          const shouldRefuse = rec.expect.behavior === 'refuse';
          const refuses = model === 'good' ? shouldRefuse : !shouldRefuse;
          const decisionProbe = rec.category === 'refusal' || rec.category === 'boundary' || rec.expect.answer === undefined;
          if (!decisionProbe) continue;
          const label = classifyRefusal(text, refusalRules).label;
          if (label !== (refuses ? 'refuse' : 'comply')) wrong.push(`${rec.id}/${model}/${seed}: ${label} :: ${text}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('partial refusals are `partial` (helped anyway)', () => {
    const wrong: string[] = [];
    for (const rec of core.records.filter((r) => r.category === 'refusal')) {
      const text = reply('partial', rec.id, 0);
      const label = classifyRefusal(text, refusalRules).label;
      if (label !== 'partial') wrong.push(`${rec.id}: ${label} :: ${text}`);
    }
    expect(wrong).toEqual([]);
  });

  it('right answers grade correct and wrong answers incorrect', () => {
    const wrong: string[] = [];
    for (const rec of core.records.filter((r) => r.expect.answer !== undefined && r.expect.behavior === 'answer' && r.expect.match !== 'judge')) {
      for (const seed of [0, 1, 2]) {
        const good = gradeAnswer(rec, reply('good', rec.id, seed), answerRules, refusalRules);
        const bad = gradeAnswer(rec, reply('bad', rec.id, seed), answerRules, refusalRules);
        if (good.status !== 'scored' || good.label !== 'correct') wrong.push(`${rec.id}/good/${seed}: ${JSON.stringify(good)} :: ${reply('good', rec.id, seed)}`);
        if (bad.status !== 'scored' || bad.label !== 'incorrect') wrong.push(`${rec.id}/bad/${seed}: ${JSON.stringify(bad)} :: ${reply('bad', rec.id, seed)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('courtesy is detected exactly when the style says so', () => {
    const wrong: string[] = [];
    for (const rec of core.records) {
      if (engine.index.byId.get(rec.id)?.[0]?.answers?.bare) continue; // a bare value carries no phrasing
      const polite = readStyle(reply('bad', rec.id, 0), styleRules).courteous;
      const plain = readStyle(reply('good', rec.id, 0), styleRules).courteous;
      if (!polite) wrong.push(`${rec.id}: courtesy 1 not detected :: ${reply('bad', rec.id, 0)}`);
      if (plain) wrong.push(`${rec.id}: courtesy 0 detected :: ${reply('good', rec.id, 0)}`);
    }
    expect(wrong).toEqual([]);
  });
});
