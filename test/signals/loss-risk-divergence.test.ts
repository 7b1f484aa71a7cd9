import { describe, expect, it } from 'vitest';
import { lossRiskDivergence } from '../../src/signals/loss-risk-divergence.js';
import type { TrainPoint } from '../../src/trainlog/types.js';
import { experiment, fallingLoss, input, passes, withFlips, type Units } from './build.js';

const ckpt = (step: number, harmful: Units) => ({
  name: `r-${step}`,
  params: { lr: 2, seed: 1 },
  run: 'r',
  step,
  metrics: { 'refusal.harmful_refusal_rate': harmful, 'factuality.accuracy': passes(60, 40) },
});
const logs = (steps: number[], points: TrainPoint[]) => Object.fromEntries(steps.map((s) => [`r-${s}`, points]));

describe('loss-risk-divergence', () => {
  it('fires when the loss falls while harmful-refusal falls, naming the step where it starts', () => {
    const m = experiment([
      { name: 'base', baseline: true, metrics: { 'refusal.harmful_refusal_rate': passes(60, 57), 'factuality.accuracy': passes(60, 30) } },
      ckpt(100, passes(60, 57)),
      ckpt(200, passes(60, 56)),
      ckpt(300, passes(60, 49)),
      ckpt(400, passes(60, 44)),
    ]);
    const s = lossRiskDivergence(input(m, {}, logs([100, 200, 300, 400], fallingLoss(400))));
    expect(s).toMatchObject({ id: 'loss-risk-divergence', fired: true, severity: 'stop' });
    expect(s.evidence.divergence_step).toBe(300);
    expect(s.evidence.last_good_step).toBe(200);
    expect(s.summary).toMatch(
      /^Run r: training loss kept falling \(1\.\d+ → 1\.\d+, p<0\.001\) while refusal\.harmful_refusal_rate fell from step 300 \(r-100 → r-300: -0\.133 \[-0\.\d+, -0\.\d+\], p=0\.\d+\); the last checkpoint before it is step 200\.$/,
    );
    const run = (s.evidence.runs as { loss: { falling: boolean; slope_per_1k_steps: number; points: number } }[])[0]!;
    expect(run.loss.falling).toBe(true);
    expect(run.loss.points).toBe(31); // steps 100..400 every 10
    expect(run.loss.slope_per_1k_steps).toBeCloseTo(-2, 0);
  });

  it('fires when the risk metric jitters more between repeats (dispersion grows) while the loss falls', () => {
    const m = experiment([
      { name: 'base', baseline: true, metrics: { 'refusal.harmful_refusal_rate': passes(60, 54) } },
      ckpt(100, passes(60, 54)),
      ckpt(200, withFlips(60, 54, 12)),
    ]);
    const s = lossRiskDivergence(input(m, {}, logs([100, 200], fallingLoss(200))));
    expect(s.fired).toBe(true);
    expect(s.summary).toMatch(/refusal\.harmful_refusal_rate flipped between repeats more often from step 200 \(r-100 → r-200: \+0\.200/);
    const brk = (s.evidence.runs as { risk_breaks: { kind: string; step: number }[] }[])[0]!.risk_breaks[0]!;
    expect(brk).toMatchObject({ kind: 'jitters', step: 200 });
  });

  it('is quiet when risk holds while the loss falls, or when the loss does not fall', () => {
    const steady = experiment([ckpt(100, passes(60, 55)), ckpt(200, passes(60, 55)), ckpt(300, passes(60, 54))]);
    expect(lossRiskDivergence(input(steady, {}, logs([100, 200, 300], fallingLoss(300)))).fired).toBe(false);
    const flat: TrainPoint[] = fallingLoss(300, 1.2, 0);
    const dropping = experiment([ckpt(100, passes(60, 57)), ckpt(200, passes(60, 45)), ckpt(300, passes(60, 40))]);
    const s = lossRiskDivergence(input(dropping, {}, logs([100, 200, 300], flat)));
    expect(s.fired).toBe(false);
    expect((s.evidence.runs as { loss: { falling: boolean } }[])[0]!.loss.falling).toBe(false);
  });

  it('does not call a −3 point dip on 40 probes a fall', () => {
    const m = experiment([ckpt(100, passes(40, 38)), ckpt(200, passes(40, 37, 3))]);
    expect(lossRiskDivergence(input(m, {}, logs([100, 200], fallingLoss(200)))).fired).toBe(false);
  });

  it('needs a training log: without one it cannot say the loss fell', () => {
    const m = experiment([ckpt(100, passes(60, 57)), ckpt(200, passes(60, 40))]);
    const s = lossRiskDivergence(input(m));
    expect(s.fired).toBe(false);
    expect(s.summary).toMatch(/no training run with two or more checkpoints and a training log/);
  });
});
