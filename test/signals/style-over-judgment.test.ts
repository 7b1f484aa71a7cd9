import { describe, expect, it } from 'vitest';
import { styleOverJudgment } from '../../src/signals/style-over-judgment.js';
import { experiment, input, passes } from './build.js';

describe('style-over-judgment', () => {
  it('fires when courtesy gains significantly and no judgment metric does', () => {
    const m = experiment([
      { name: 'base', baseline: true, metrics: { 'style.courtesy': passes(60, 12), 'factuality.accuracy': passes(60, 36), 'boundary.accuracy': passes(60, 40) } },
      { name: 'polite', metrics: { 'style.courtesy': passes(60, 36), 'factuality.accuracy': passes(60, 37, 4), 'boundary.accuracy': passes(60, 38) } },
    ]);
    const s = styleOverJudgment(input(m));
    expect(s).toMatchObject({ id: 'style-over-judgment', fired: true, severity: 'stop' });
    expect(s.summary).toMatch(/From base to polite replies read better \(style\.courtesy \+0\.400/);
    expect(s.summary).toMatch(/stay within noise/);
    const cmp = (s.evidence.comparisons as { style_only: boolean; judgment: { metric: string; movement: string }[] }[])[0]!;
    expect(cmp.style_only).toBe(true);
    expect(cmp.judgment.map((j) => j.movement)).toEqual(['noise', 'noise']);
  });

  it('is quiet when the style gain comes with a judgment gain', () => {
    const m = experiment([
      { name: 'base', baseline: true, metrics: { 'style.courtesy': passes(60, 12), 'factuality.accuracy': passes(60, 30) } },
      { name: 'better', metrics: { 'style.courtesy': passes(60, 36), 'factuality.accuracy': passes(60, 45) } },
    ]);
    expect(styleOverJudgment(input(m))).toMatchObject({ fired: false, severity: 'info' });
  });

  it('does not call +3 points of courtesy on 40 probes a style gain', () => {
    const m = experiment([
      { name: 'base', baseline: true, metrics: { 'style.courtesy': passes(40, 8), 'factuality.accuracy': passes(40, 24) } },
      { name: 'a', metrics: { 'style.courtesy': passes(40, 9, 2), 'factuality.accuracy': passes(40, 24) } },
    ]);
    const s = styleOverJudgment(input(m));
    expect(s.fired).toBe(false);
    const style = (s.evidence.comparisons as { style: { delta: number; movement: string }[] }[])[0]!.style[0]!;
    expect(style.delta).toBeGreaterThan(0);
    expect(style.movement).toBe('noise');
  });

  it('finds a style-only step inside the recent window', () => {
    const m = experiment([
      { name: 'base', baseline: true, metrics: { 'style.courtesy': passes(60, 10), 'factuality.accuracy': passes(60, 20) } },
      { name: 'a', metrics: { 'style.courtesy': passes(60, 10), 'factuality.accuracy': passes(60, 40) } },
      { name: 'b', metrics: { 'style.courtesy': passes(60, 30), 'factuality.accuracy': passes(60, 41) } },
    ]);
    const s = styleOverJudgment(input(m, { patience: 2 }));
    expect(s.fired).toBe(true);
    expect(s.evidence.window).toEqual({ from: 'base', to: 'b' });
    expect(s.summary).toMatch(/From a to b/);
  });
});
