import { describe, expect, it } from 'vitest';
import { parameterCoupling } from '../../src/signals/parameter-coupling.js';
import { experiment, input, passes } from './build.js';

describe('parameter-coupling', () => {
  it("fires (stop) when one parameter's effect flips sign with another's value", () => {
    // lr 1 → 3 gains 12 boundary probes at rank 8 and loses 12 at rank 16
    const m = experiment([
      { name: 'base', baseline: true, metrics: { 'boundary.accuracy': passes(60, 30) } },
      { name: 'a', params: { lr: 1, rank: 8 }, metrics: { 'boundary.accuracy': passes(60, 36) } },
      { name: 'b', params: { lr: 3, rank: 8 }, metrics: { 'boundary.accuracy': passes(60, 48) } },
      { name: 'c', params: { lr: 1, rank: 16 }, metrics: { 'boundary.accuracy': passes(60, 48) } },
      { name: 'd', params: { lr: 3, rank: 16 }, metrics: { 'boundary.accuracy': passes(60, 36) } },
    ]);
    const s = parameterCoupling(input(m));
    expect(s).toMatchObject({ id: 'parameter-coupling', fired: true, severity: 'stop' });
    expect(s.summary).toMatch(/The effect of lr 1 → 3 on boundary\.accuracy flips sign with rank: \+0\.200 .* at rank=8, -0\.200 .* at rank=16/);
  });

  it('fires (warn) when no configuration dominates: significant rank reversal on the Pareto front', () => {
    const m = experiment([
      { name: 'base', baseline: true, metrics: { 'factuality.accuracy': passes(60, 30), 'boundary.accuracy': passes(60, 30) } },
      { name: 'a', params: { lr: 1 }, metrics: { 'factuality.accuracy': passes(60, 50), 'boundary.accuracy': passes(60, 35) } },
      { name: 'b', params: { lr: 2 }, metrics: { 'factuality.accuracy': passes(60, 36), 'boundary.accuracy': passes(60, 50) } },
    ]);
    const s = parameterCoupling(input(m));
    expect(s).toMatchObject({ fired: true, severity: 'warn' });
    expect(s.evidence.pareto_front).toEqual(['a', 'b']);
    const tau = (s.evidence.kendall_tau as { metrics: string[]; tau: number }[])[0]!;
    expect(tau.tau).toBe(-1);
  });

  it('is quiet when one configuration dominates', () => {
    const m = experiment([
      { name: 'base', baseline: true, metrics: { 'factuality.accuracy': passes(60, 30), 'boundary.accuracy': passes(60, 30) } },
      { name: 'a', params: { lr: 1 }, metrics: { 'factuality.accuracy': passes(60, 36), 'boundary.accuracy': passes(60, 36) } },
      { name: 'b', params: { lr: 2 }, metrics: { 'factuality.accuracy': passes(60, 50), 'boundary.accuracy': passes(60, 50) } },
    ]);
    const s = parameterCoupling(input(m));
    expect(s).toMatchObject({ fired: false });
    expect(s.evidence.pareto_front).toEqual(['b']);
  });

  it('does not call a ±3 point trade on 40 probes a reversal', () => {
    const m = experiment([
      { name: 'a', params: { lr: 1 }, metrics: { 'factuality.accuracy': passes(40, 25), 'boundary.accuracy': passes(40, 24) } },
      { name: 'b', params: { lr: 2 }, metrics: { 'factuality.accuracy': passes(40, 24, 3), 'boundary.accuracy': passes(40, 25, 3) } },
      { name: 'c', params: { lr: 3 }, metrics: { 'factuality.accuracy': passes(40, 25, 6), 'boundary.accuracy': passes(40, 24, 6) } },
    ]);
    const s = parameterCoupling(input(m));
    expect(s.fired).toBe(false);
    expect((s.evidence.pareto_front as string[]).length).toBeGreaterThan(1); // point estimates alone would call it a trade-off
  });
});
