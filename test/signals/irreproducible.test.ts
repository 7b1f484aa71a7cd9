import { describe, expect, it } from 'vitest';
import { irreproducible } from '../../src/signals/irreproducible.js';
import { experiment, input, passes, type Units } from './build.js';

const fact = (u: Units) => ({ 'factuality.accuracy': u });
const aim = { metric: 'factuality.accuracy' as const, direction: 'increase' as const };

describe('irreproducible', () => {
  it('fires when seeds of one configuration spread as widely as the configurations differ', () => {
    // x: seeds at 36 and 46 of 60; y: seeds at 40 and 44. x-s2 → y-s1 is a significant probe-level loss (−6),
    // yet the configurations' means (0.683, 0.700) are well inside their seeds' spread.
    const m = experiment([
      { name: 'base', baseline: true, metrics: fact(passes(60, 30)) },
      { name: 'x-s1', params: { lr: 1, seed: 1 }, intent: aim, metrics: fact(passes(60, 36)) },
      { name: 'x-s2', params: { lr: 1, seed: 2 }, intent: aim, metrics: fact(passes(60, 46)) },
      { name: 'y-s1', params: { lr: 2, seed: 1 }, intent: aim, metrics: fact(passes(60, 38)) },
      { name: 'y-s2', params: { lr: 2, seed: 2 }, intent: aim, metrics: fact(passes(60, 44)) },
    ]);
    const s = irreproducible(input(m));
    expect(s).toMatchObject({ id: 'irreproducible', fired: true, severity: 'stop' });
    const spread = (s.evidence.seed_vs_config as { metric: string; F: number; p_value: number; df: number[] }[])[0]!;
    expect(spread.metric).toBe('factuality.accuracy');
    expect(spread.df).toEqual([1, 2]);
    expect(spread.F).toBeLessThan(1);
    expect(spread.p_value).toBeGreaterThan(0.05);
    expect(s.summary).toMatch(/^Probably the seed: on factuality\.accuracy the seeds of one configuration spread as widely as the configurations differ \(F=0\.\d+, p=[01]\.\d+\), yet x-s2 → y-s1 \(factuality\.accuracy -0\.133/);
    expect(s.evidence.replicated_configurations).toEqual([['x-s1', 'x-s2'], ['y-s1', 'y-s2']]);
  });

  it('fires when a recent significant gain is no larger than the seed spread', () => {
    // Three replicated configurations give 3 within-seed df; z's gain over y-s2 (+8 of 60) is
    // significant on the probes but smaller than t·√(2·MS_within).
    const m = experiment([
      { name: 'base', baseline: true, metrics: fact(passes(60, 20)) },
      { name: 'x-s1', params: { lr: 1, seed: 1 }, metrics: fact(passes(60, 30)) },
      { name: 'x-s2', params: { lr: 1, seed: 2 }, metrics: fact(passes(60, 38)) },
      { name: 'y-s1', params: { lr: 2, seed: 1 }, metrics: fact(passes(60, 40)) },
      { name: 'y-s2', params: { lr: 2, seed: 2 }, metrics: fact(passes(60, 32)) },
      { name: 'w-s1', params: { lr: 4, seed: 1 }, metrics: fact(passes(60, 48)) },
      { name: 'w-s2', params: { lr: 4, seed: 2 }, metrics: fact(passes(60, 40)) },
    ]);
    const s = irreproducible(input(m, { patience: 2 }));
    expect(s.fired).toBe(true);
    const seedSized = s.evidence.gains_within_seed_spread as { from: string; to: string; delta: number; seed_bound: number }[];
    expect(seedSized.map((g) => [g.from, g.to])).toContainEqual(['y-s2', 'w-s1']);
    expect(seedSized[0]!.delta).toBeLessThanOrEqual(seedSized[0]!.seed_bound);
  });

  it('fires on gains that flip category: fixes A and breaks B, then the reverse', () => {
    const m = experiment([
      { name: 'base', baseline: true, metrics: { 'factuality.accuracy': passes(60, 30), 'boundary.accuracy': passes(60, 40) } },
      { name: 'a', metrics: { 'factuality.accuracy': passes(60, 42), 'boundary.accuracy': passes(60, 30) } },
      { name: 'b', metrics: { 'factuality.accuracy': passes(60, 30), 'boundary.accuracy': passes(60, 42) } },
    ]);
    const s = irreproducible(input(m));
    expect(s).toMatchObject({ fired: true, severity: 'stop' });
    const flip = (s.evidence.flips as { steps: string[]; first: { metric: string; movement: string }[]; second: { metric: string; movement: string }[] }[])[0]!;
    expect(flip.steps).toEqual(['base → a', 'a → b']);
    expect(flip.first.map((c) => [c.metric, c.movement])).toEqual([['factuality.accuracy', 'gain'], ['boundary.accuracy', 'loss']]);
    expect(flip.second.map((c) => [c.metric, c.movement])).toEqual([['factuality.accuracy', 'loss'], ['boundary.accuracy', 'gain']]);
    expect(s.summary).toMatch(/a fixed factuality\.accuracy \+0\.200.*broke boundary\.accuracy/);
  });

  it('is quiet when configurations differ far beyond tight seeds', () => {
    const m = experiment([
      { name: 'base', baseline: true, metrics: { 'factuality.accuracy': passes(60, 20), 'boundary.accuracy': passes(60, 40) } },
      { name: 'x-s1', params: { lr: 1, seed: 1 }, metrics: { 'factuality.accuracy': passes(60, 36), 'boundary.accuracy': passes(60, 40) } },
      { name: 'x-s2', params: { lr: 1, seed: 2 }, metrics: { 'factuality.accuracy': passes(60, 37), 'boundary.accuracy': passes(60, 41) } },
      { name: 'y-s1', params: { lr: 2, seed: 1 }, metrics: { 'factuality.accuracy': passes(60, 50), 'boundary.accuracy': passes(60, 41) } },
      { name: 'y-s2', params: { lr: 2, seed: 2 }, metrics: { 'factuality.accuracy': passes(60, 51), 'boundary.accuracy': passes(60, 40) } },
    ]);
    const s = irreproducible(input(m));
    expect(s).toMatchObject({ fired: false, severity: 'info' });
    const spread = s.evidence.seed_vs_config as { metric: string; p_value: number; significant_step: unknown }[];
    // factuality: configurations far apart; boundary: nobody moved it, so its F test says nothing either way
    expect(spread.find((x) => x.metric === 'factuality.accuracy')!.p_value).toBeLessThan(0.01);
    expect(spread.find((x) => x.metric === 'boundary.accuracy')).toMatchObject({ p_value: expect.any(Number), significant_step: null });
    expect(s.evidence.flips).toEqual([]);
  });

  it('does not treat a +3 point step on 40 probes as a gain to flip or to test against the seeds', () => {
    // a → b looks like +3 points on factuality and −3 on boundary; b → c the reverse. All within noise.
    const m = experiment([
      { name: 'base', baseline: true, metrics: { 'factuality.accuracy': passes(40, 24), 'boundary.accuracy': passes(40, 25) } },
      { name: 'a', metrics: { 'factuality.accuracy': passes(40, 25, 3), 'boundary.accuracy': passes(40, 24, 3) } },
      { name: 'b', metrics: { 'factuality.accuracy': passes(40, 24, 6), 'boundary.accuracy': passes(40, 25, 6) } },
    ]);
    const s = irreproducible(input(m));
    expect(s.fired).toBe(false);
    expect(s.evidence.flips).toEqual([]);
  });
});
