import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { resolveModels } from '../../src/sim/models.js';
import { loadScenario, parseScenario } from '../../src/sim/scenario.js';

function problemsOf(yaml: string): string[] {
  try {
    parseScenario(yaml, 'bad.yaml');
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as InputError).message.split('\n');
  }
  throw new Error('expected the scenario to be refused');
}

describe('scenario validation', () => {
  it('points at the line of an unknown field', () => {
    expect(problemsOf('models:\n  a:\n    rates:\n      factuallity: 0.5\n')).toEqual(['bad.yaml:4: models.a.rates: unknown field "factuallity"']);
  });

  it('points at a rate out of range', () => {
    const [p] = problemsOf('models:\n  a:\n    rates: {factuality: 1.5}\n');
    expect(p).toMatch(/^bad\.yaml:3: models\.a\.rates\.factuality: /);
  });

  it('points at an extends target that does not exist, and at loops', () => {
    expect(problemsOf('models:\n  a: {}\n  b:\n    extends: c\n')).toEqual([
      'bad.yaml:4: "b" extends "c", which is not a model of this scenario',
    ]);
    const loop = problemsOf('models:\n  a:\n    extends: b\n  b:\n    extends: a\n');
    expect(loop).toHaveLength(2);
    expect(loop[0]).toBe('bad.yaml:3: "a": the extends chain loops back to itself');
  });

  it('refuses by_seed for a seed the entry does not serve, and names served twice', () => {
    expect(problemsOf('models:\n  a:\n    seeds: [1, 2]\n    by_seed:\n      3: {rates: {factuality: 0.1}}\n')).toEqual([
      'bad.yaml:5: by_seed 3: "a" does not list seed 3 in `seeds`',
    ]);
    expect(problemsOf('models:\n  a:\n    seeds: [1]\n  a-s1: {}\n')).toEqual([
      'bad.yaml:4: model name "a-s1" is served twice (by "a" and "a-s1")',
    ]);
  });

  it('keeps judges free of behaviour and sim-judge reserved', () => {
    expect(problemsOf('models:\n  j:\n    kind: judge\n    rates: {factuality: 1}\n')[0]).toBe(
      'bad.yaml:4: judge model "j" takes only kind and description, not rates',
    );
    expect(problemsOf('models:\n  sim-judge: {}\n')[0]).toMatch(/^bad\.yaml:2: "sim-judge" is the simulated judge/);
  });

  it('refuses a probe under two traits, YAML syntax errors and empty files', () => {
    expect(problemsOf('probe_traits:\n  flaky: [p1]\n  always_pass:\n    - p1\nmodels: {a: {}}\n')).toEqual([
      'bad.yaml:2: probe_traits.flaky[0]: probe p1 is already listed under always_pass',
    ]);
    expect(problemsOf('models:\n  a: {rates: [}\n')[0]).toMatch(/^bad\.yaml:2: YAML syntax/);
    expect(problemsOf('')).toEqual(['bad.yaml:1: the scenario is empty']);
  });

  it('loadScenario names a missing file', () => {
    expect(() => loadScenario('/no/such/scenario.yaml')).toThrow(/scenario file not found/);
  });

  it('reports every problem of a file at once, with the path as given', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-scenario-'));
    const file = join(dir, 's.yaml');
    writeFileSync(file, 'modles: {}\nmodels:\n  a: {seed_noise: 2}\n');
    expect(() => loadScenario(file)).toThrow(InputError);
    try {
      loadScenario(file);
    } catch (err) {
      const lines = (err as InputError).message.split('\n').sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
      expect(lines).toHaveLength(2);
      expect(lines[0]).toBe(`${file}:1: unknown field "modles"`);
      expect(lines[1]).toMatch(new RegExp(`^${file}:3: models\\.a\\.seed_noise: `));
    }
  });
});

describe('model resolution', () => {
  const yaml = `
models:
  base:
    rates: {factuality: 0.5, boundary: 0.6}
    style: {courtesy: 0.1, length: 300}
  sweep:
    extends: base
    seeds: [1, 2]
    rates: {factuality: 0.7}
    by_seed:
      2: {rates: {factuality: 0.6}, style: {courtesy: 0.5}}
  noisy:
    extends: base
    seeds: [1, 2]
    seed_noise: 0.05
  judge-x: {kind: judge}
`;
  const table = resolveModels(parseScenario(yaml, 'm.yaml'));

  it('serves seeded entries as <name>-s<seed>, judges last', () => {
    expect([...table.checkpoints.keys()]).toEqual(['base', 'sweep-s1', 'sweep-s2', 'noisy-s1', 'noisy-s2']);
    expect([...table.judges]).toEqual(['judge-x', 'sim-judge']);
  });

  it('layers defaults, extends, own rates and by_seed', () => {
    const s1 = table.checkpoints.get('sweep-s1')!;
    const s2 = table.checkpoints.get('sweep-s2')!;
    expect(s1.rates).toMatchObject({ factuality: 0.7, boundary: 0.6, harmful_refusal: 0.9 });
    expect(s1.style).toMatchObject({ courtesy: 0.1, length: 300 });
    expect(s2.rates.factuality).toBe(0.6);
    expect(s2.style.courtesy).toBe(0.5);
    expect(s2.seed).toBe(2);
    expect(s2.entry).toBe('sweep');
  });

  it('seed noise shifts replicates apart, deterministically', () => {
    const n1 = table.checkpoints.get('noisy-s1')!;
    const n2 = table.checkpoints.get('noisy-s2')!;
    expect(n1.rates.factuality).not.toBe(n2.rates.factuality);
    expect(Math.abs(n1.rates.factuality - 0.5)).toBeLessThan(0.25);
    const again = resolveModels(parseScenario(yaml, 'm.yaml'));
    expect(again.checkpoints.get('noisy-s1')!.rates).toEqual(n1.rates);
  });
});
