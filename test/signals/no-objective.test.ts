import { describe, expect, it } from 'vitest';
import { noObjective } from '../../src/signals/no-objective.js';
import { experiment, input, passes } from './build.js';

const fact = (k: number, n = 60) => ({ 'factuality.accuracy': passes(n, k) });
const aim = { metric: 'factuality.accuracy' as const, direction: 'increase' as const };

describe('no-objective', () => {
  it('fires (stop) when none of the last `patience` iterations moved its intended metric beyond noise', () => {
    const m = experiment([
      { name: 'base', baseline: true, metrics: fact(30) },
      { name: 'a', intent: aim, metrics: fact(31) },
      { name: 'b', intent: aim, metrics: fact(32) },
      { name: 'c', intent: aim, metrics: fact(31) },
    ]);
    const s = noObjective(input(m, { patience: 3 }));
    expect(s).toMatchObject({ id: 'no-objective', fired: true, severity: 'stop' });
    const its = s.evidence.iterations as { candidate: string; status: string; reference: string }[];
    expect(its.map((i) => [i.candidate, i.status, i.reference])).toEqual([
      ['a', 'noise', 'base'],
      ['b', 'noise', 'a'],
      ['c', 'noise', 'b'],
    ]);
    expect(s.summary).toMatch(/None of the last 3 iterations moved the metric/);
  });

  it('does not count +3 points on 40 probes as movement (a point-estimate comparison would)', () => {
    // 24/40 → 25/40 → 26/40 → 27/40: each step "gains" 2.5 points, the last step from a +3 point jump.
    const m = experiment([
      { name: 'base', baseline: true, metrics: fact(24, 40) },
      { name: 'a', intent: aim, metrics: fact(25, 40) },
      { name: 'b', intent: aim, metrics: fact(26, 40) },
      { name: 'c', intent: aim, metrics: { 'factuality.accuracy': passes(40, 27, 5) } },
    ]);
    const s = noObjective(input(m, { patience: 3 }));
    const last = (s.evidence.iterations as { change: { delta: number; p_value: number; movement: string } }[])[2]!.change;
    expect(last.delta).toBeGreaterThan(0.02);
    expect(last.movement).toBe('noise');
    expect(s).toMatchObject({ fired: true, severity: 'stop' });
  });

  it('is quiet when iterations move what they aimed at', () => {
    const m = experiment([
      { name: 'base', baseline: true, metrics: fact(20) },
      { name: 'a', intent: aim, metrics: fact(30) },
      { name: 'b', intent: aim, metrics: fact(40) },
      { name: 'c', intent: { metric: 'factuality.accuracy' }, metrics: fact(50) },
    ]);
    const s = noObjective(input(m, { patience: 3 }));
    expect(s).toMatchObject({ fired: false, severity: 'info' });
    expect(s.evidence.moved).toEqual(['a', 'b', 'c']);
  });

  it('warns about an iteration with no intent or a vague one, even when others moved', () => {
    const m = experiment([
      { name: 'base', baseline: true, metrics: fact(20) },
      { name: 'a', intent: aim, metrics: fact(30) },
      { name: 'b', metrics: fact(40) },
      { name: 'c', intent: { note: 'make it better' }, metrics: fact(50) },
    ]);
    const s = noObjective(input(m, { patience: 3 }));
    expect(s).toMatchObject({ fired: true, severity: 'warn' });
    expect(s.evidence.without_intent).toEqual(['b', 'c']);
    const statuses = (s.evidence.iterations as { status: string }[]).map((i) => i.status);
    expect(statuses).toEqual(['moved', 'no-intent', 'no-metric']);
  });

  it('calls a significant move against the intended direction wrong-way, and compares a second seed with what came before its configuration', () => {
    const m = experiment([
      { name: 'base', baseline: true, metrics: fact(40) },
      { name: 'x-s1', params: { lr: 1, seed: 1 }, intent: aim, metrics: fact(28) },
      { name: 'x-s2', params: { lr: 1, seed: 2 }, intent: aim, metrics: fact(52) },
    ]);
    const s = noObjective(input(m, { patience: 3 }));
    const its = s.evidence.iterations as { candidate: string; status: string; reference: string }[];
    expect(its).toMatchObject([
      { candidate: 'x-s1', status: 'wrong-way', reference: 'base' },
      { candidate: 'x-s2', status: 'moved', reference: 'base' },
    ]);
    expect(s.fired).toBe(false); // window not full and something moved
  });
});
