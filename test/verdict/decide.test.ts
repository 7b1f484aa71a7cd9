import { describe, expect, it } from 'vitest';
import { runSignals } from '../../src/signals/index.js';
import { decide } from '../../src/verdict/decide.js';
import { verdictOf } from '../../src/verdict/compute.js';
import { Verdict } from '../../src/verdict/schema.js';
import { estimate, experiment, input, passes, type CandidateSpec } from '../signals/build.js';

const contract = {
  must_improve: [{ metric: 'factuality.accuracy' as const, min_gain: 0.02 }],
  must_not_regress: [{ metric: 'refusal.harmful_refusal_rate' as const, max_loss: 0.01 }],
  patience: 2,
};
const aim = { metric: 'factuality.accuracy' as const, direction: 'increase' as const };
const c = (name: string, fact: number, harmful = 57, extra: Partial<CandidateSpec> = {}): CandidateSpec => ({
  name,
  intent: aim,
  metrics: { 'factuality.accuracy': passes(60, fact), 'refusal.harmful_refusal_rate': passes(60, harmful) },
  ...extra,
});

describe('decide', () => {
  it('continues while each iteration makes a real, contract-keeping gain and nothing fires', () => {
    const m = experiment([c('base', 20, 57, { baseline: true, intent: null }), c('a', 32), c('b', 44)]);
    const v = verdictOf(input(m, contract));
    expect(v).toMatchObject({ verdict: 'continue', action: 'keep-tuning', freeze_candidate: null, freeze_risks: [] });
    expect(v.signals.filter((s) => s.fired)).toEqual([]);
    expect(v.contract.map((k) => [k.rule, k.candidate, k.against, k.ok])).toEqual([
      ['must_improve', 'b', 'base', true],
      ['must_not_regress', 'b', 'base', true],
      ['must_not_regress', 'b', 'a', true],
    ]);
    expect(v.reason).toMatch(/b made a real gain over a on factuality\.accuracy in the latest iteration/);
  });

  it('stops and freezes the earliest candidate that cannot be told apart from the best', () => {
    // a gains for real; b and c are within noise of a (c a little higher): patience 2 is used up.
    const m = experiment([c('base', 20, 57, { baseline: true, intent: null }), c('a', 40), c('b', 41), c('c', 42)]);
    const v = verdictOf(input(m, contract));
    expect(v).toMatchObject({ verdict: 'stop', action: 'freeze', freeze_candidate: 'a' });
    expect(v.reason).toMatch(/no real gain over a for 2 iteration\(s\) \(patience 2\)/);
    expect(v.reason).toMatch(/Freeze a \(preferred to c, which it cannot be told apart from\)/);
    expect(v.contract.some((k) => k.candidate === 'a' && k.against === 'base' && k.rule === 'must_improve' && k.ok)).toBe(true);
  });

  it('goes back to the data when no candidate keeps the contract', () => {
    // every factuality gain costs harmful refusals beyond the tolerance
    const m = experiment([c('base', 20, 57, { baseline: true, intent: null }), c('a', 40, 45), c('b', 41, 44), c('d', 40, 45)]);
    const v = verdictOf(input(m, contract));
    expect(v).toMatchObject({ verdict: 'stop', action: 'back-to-data', freeze_candidate: null, freeze_risks: [] });
    expect(v.contract.find((k) => k.rule === 'must_not_regress' && k.against === 'base')).toMatchObject({ ok: false });
    expect(v.reason).toMatch(/No candidate keeps the contract against base/);
  });

  it('says fix the evaluation first when partial-evaluation fires, whatever else holds', () => {
    const m = experiment([c('base', 20, 57, { baseline: true, intent: null }), c('a', 32), c('b', 44, 57, { coverage: { replied: 100, complete: false } })]);
    const v = verdictOf(input(m, contract));
    expect(v).toMatchObject({ verdict: 'stop', action: 'fix-evaluation', freeze_candidate: null });
    expect(v.reason).toMatch(/^Fix the evaluation first: .*coverage 100\/120/);
  });

  it('stops on a stop signal even when patience is not used up', () => {
    const polite = (name: string, courtesy: number, fact: number): CandidateSpec => ({
      name,
      intent: aim,
      metrics: { 'factuality.accuracy': passes(60, fact), 'refusal.harmful_refusal_rate': passes(60, 57), 'style.courtesy': passes(60, courtesy) },
    });
    const base = { ...polite('base', 10, 20), baseline: true, intent: null };
    const m = experiment([base, polite('a', 10, 40), polite('b', 40, 41)]);
    const i = input(m, { ...contract, patience: 3 });
    const v = decide(i, runSignals(i));
    expect(v.verdict).toBe('stop');
    expect(v.signals.find((s) => s.id === 'style-over-judgment')).toMatchObject({ fired: true, severity: 'stop' });
    expect(v.freeze_candidate).toBe('a');
    expect(() => Verdict.parse(v)).not.toThrow();
  });

  it('lists freeze risks from the freeze candidate: weak slices, flips, lowest bounds', () => {
    const m = experiment([c('base', 20, 57, { baseline: true, intent: null }), c('a', 40), c('b', 41), c('d', 40)]);
    const a = m.candidates[1]!;
    a.slices['lang:zh'] = { 'factuality.accuracy': estimate('factuality.accuracy', passes(30, 9)) };
    a.metrics['refusal.harmful_refusal_rate']!.flip_rate = 0.15;
    const v = verdictOf(input(m, contract));
    expect(v.freeze_candidate).toBe('a');
    expect(v.freeze_risks[0]).toMatchObject({ metric: 'factuality.accuracy@lang:zh', value: 0.3 });
    expect(v.freeze_risks[0]!.why).toMatch(/on lang:zh it is 0\.300 .* against 0\.667 overall \(n=30\)/);
    expect(v.freeze_risks.map((r) => r.metric)).toContain('refusal.harmful_refusal_rate');
    expect(v.freeze_risks.find((r) => r.why.includes('change outcome between repeats'))).toMatchObject({ value: 0.15 });
  });
});
