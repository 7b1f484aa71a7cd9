import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { loadPlan } from '../../src/plan/load.js';
import { openWorkspace } from '../../src/workspace.js';
import { fixtures } from './helpers.js';

const ws = openWorkspace(join(fixtures, 'ws'));
const planFile = (name: string): string => join(fixtures, 'plans', name);
const shown = (name: string): string => relative(process.cwd(), planFile(name));

function problemsOf(name: string): string[] {
  try {
    loadPlan(planFile(name), ws);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as InputError).message.split('\n');
  }
  throw new Error(`${name} loaded without error`);
}

describe('loadPlan', () => {
  it('loads a valid plan, pins the probe set and resolves train_log against the workspace', () => {
    const loaded = loadPlan(planFile('good.yaml'), ws);
    expect(loaded.plan.name).toBe('good');
    expect(loaded.plan.sampling).toEqual({ temperature: 0.7, max_tokens: 256, seed: 0 });
    expect(loaded.probeSets.map((s) => s.meta.name)).toEqual(['mini']);
    expect(loaded.probeSets[0]!.records).toHaveLength(12);
    expect(loaded.plan.candidates[1]!.train_log).toBe(join(ws.root, 'logs/r1/trainer_state.json'));
    expect(loaded.lines(['candidates', 1, 'step'])).toBe(12);
  });

  it('resolves train_log against another folder when asked (the demo uses the package root)', () => {
    const loaded = loadPlan(planFile('good.yaml'), ws, { baseDir: '/opt/pkg' });
    expect(loaded.plan.candidates[1]!.train_log).toBe('/opt/pkg/logs/r1/trainer_state.json');
  });

  it('unknown metric names point at their line with a "did you mean"', () => {
    expect(problemsOf('bad-metric.yaml')).toEqual([
      `${shown('bad-metric.yaml')}:6: contract.must_improve[0].metric: unknown metric "factuality.acuracy"; did you mean "factuality.accuracy"?`,
      `${shown('bad-metric.yaml')}:12: candidates[1].intent.metric: unknown metric "refusal.overrefusal_rate"; did you mean "refusal.over_refusal_rate"?`,
    ]);
  });

  it('a missing field names the field and the entry that lacks it', () => {
    expect(problemsOf('missing-field.yaml')).toEqual([`${shown('missing-field.yaml')}:5: missing required field "model" in candidates[0]`]);
  });

  it('a YAML syntax error gives its line', () => {
    const [first] = problemsOf('bad-yaml.yaml');
    expect(first).toMatch(new RegExp(`^${shown('bad-yaml.yaml').replace(/[.]/g, '\\.')}:\\d+: YAML syntax: `));
  });

  it('an unknown key is named at its line', () => {
    expect(problemsOf('unknown-key.yaml')).toEqual([`${shown('unknown-key.yaml')}:4: sampling: unknown field "topp"`]);
  });

  it('reports relations between entries: duplicates, two baselines, step without run, unknown set', () => {
    const f = shown('relations.yaml');
    expect(problemsOf('relations.yaml')).toEqual([
      `${f}:6: duplicate candidate name "base" (first at line 5)`,
      `${f}:7: more than one baseline: "base" and "second"`,
      `${f}:10: candidate "ckpt" has a step but no run: name the training run its checkpoints belong to`,
      expect.stringMatching(new RegExp(`^${f.replace(/[.]/g, '\\.')}:2: unknown probe set \`nosuchset\``)),
    ]);
  });
});
