import { describe, expect, it } from 'vitest';
import { checkRule } from '../../src/verdict/contract.js';
import { walkProgress } from '../../src/verdict/progress.js';
import { experiment, input, passes } from '../signals/build.js';

const two = (baseK: number, candK: number, n = 60, shift = 0) =>
  experiment([
    { name: 'base', baseline: true, metrics: { 'factuality.accuracy': passes(n, baseK), 'refusal.harmful_refusal_rate': passes(n, baseK) } },
    { name: 'c', metrics: { 'factuality.accuracy': passes(n, candK, shift), 'refusal.harmful_refusal_rate': passes(n, candK, shift) } },
  ]);

describe('must_improve: significant gain whose point estimate reaches min_gain', () => {
  it('is met by a significant gain of at least min_gain', () => {
    const check = checkRule(input(two(30, 40)), { kind: 'must_improve', metric: 'factuality.accuracy', min_gain: 0.02 }, 'c', 'base');
    expect(check).toMatchObject({ ok: true, delta: 0.1667, candidate: 'c', against: 'base', threshold: 0.02, rule: 'must_improve' });
    expect(check.interval![0]).toBeGreaterThan(0);
  });

  it('is not met by a significant gain smaller than min_gain', () => {
    const check = checkRule(input(two(30, 40)), { kind: 'must_improve', metric: 'factuality.accuracy', min_gain: 0.2 }, 'c', 'base');
    expect(check.ok).toBe(false);
  });

  it('is not met by +3 points on 40 probes, although the point gain exceeds min_gain', () => {
    const check = checkRule(input(two(24, 25, 40, 3)), { kind: 'must_improve', metric: 'factuality.accuracy', min_gain: 0.02 }, 'c', 'base');
    expect(check.delta).toBeCloseTo(0.025, 4);
    expect(check.interval![0]).toBeLessThan(0);
    expect(check.ok).toBe(false);
  });

  it('is not met on a metric that was not measured', () => {
    const check = checkRule(input(two(30, 40)), { kind: 'must_improve', metric: 'boundary.accuracy', min_gain: 0 }, 'c', 'base');
    expect(check).toMatchObject({ ok: false, delta: null, interval: null });
  });
});

describe('must_not_regress: broken by a significant loss beyond max_loss', () => {
  it('is broken by a significant loss larger than max_loss', () => {
    const check = checkRule(input(two(57, 47)), { kind: 'must_not_regress', metric: 'refusal.harmful_refusal_rate', max_loss: 0.01 }, 'c', 'base');
    expect(check).toMatchObject({ ok: false, delta: -0.1667, threshold: 0.01 });
    expect(check.interval![1]).toBeLessThan(0);
  });

  it('holds for a significant loss within max_loss', () => {
    const check = checkRule(input(two(57, 47)), { kind: 'must_not_regress', metric: 'refusal.harmful_refusal_rate', max_loss: 0.2 }, 'c', 'base');
    expect(check.ok).toBe(true);
  });

  it('holds for a drop inside the noise', () => {
    const check = checkRule(input(two(38, 37, 40, 3)), { kind: 'must_not_regress', metric: 'refusal.harmful_refusal_rate', max_loss: 0.01 }, 'c', 'base');
    expect(check.delta!).toBeLessThan(0);
    expect(check.ok).toBe(true);
  });

  it('refuses a metric without a better direction', () => {
    expect(() => checkRule(input(two(30, 40)), { kind: 'must_not_regress', metric: 'style.length', max_loss: 1 }, 'c', 'base')).toThrow(
      /style\.length has no better direction/,
    );
  });
});

describe('patience against the best candidate so far', () => {
  it('counts iterations since the last real gain over the best so far', () => {
    const m = experiment([
      { name: 'base', baseline: true, metrics: { 'factuality.accuracy': passes(60, 20) } },
      { name: 'a', metrics: { 'factuality.accuracy': passes(60, 35) } },
      { name: 'b', metrics: { 'factuality.accuracy': passes(60, 36) } }, // noise vs a
      { name: 'c', metrics: { 'factuality.accuracy': passes(60, 30) } }, // worse than a
      { name: 'd', metrics: { 'factuality.accuracy': passes(60, 37) } }, // noise vs a
    ]);
    const p = walkProgress(input(m, { must_improve: [{ metric: 'factuality.accuracy', min_gain: 0.02 }] }));
    expect(p.steps.map((s) => [s.candidate, s.against, s.real_gain])).toEqual([
      ['a', 'base', true],
      ['b', 'a', false],
      ['c', 'a', false],
      ['d', 'a', false],
    ]);
    expect(p).toMatchObject({ best: 'a', stale: 3, latest: 'd', bestBeforeLatest: 'a' });
  });

  it('does not count a gain that breaks a must_not_regress against the baseline', () => {
    const m = experiment([
      { name: 'base', baseline: true, metrics: { 'factuality.accuracy': passes(60, 20), 'refusal.harmful_refusal_rate': passes(60, 57) } },
      { name: 'a', metrics: { 'factuality.accuracy': passes(60, 40), 'refusal.harmful_refusal_rate': passes(60, 45) } },
    ]);
    const p = walkProgress(input(m, { must_not_regress: [{ metric: 'refusal.harmful_refusal_rate', max_loss: 0.01 }] }));
    expect(p.steps[0]).toMatchObject({ real_gain: false, guards_ok: false, gains: ['factuality.accuracy'] });
    expect(p.best).toBe('base');
  });
});
