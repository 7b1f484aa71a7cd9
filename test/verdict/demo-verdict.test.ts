import { describe, expect, it } from 'vitest';
import { runDemo } from '../../src/demo.js';
import { openWorkspace } from '../../src/workspace.js';
import { tempDir } from '../helpers/tmp.js';
import { fired } from './scenario-run.js';

// The shipped demo (runs/demo.yaml on scenarios/demo.yaml) must end in `stop` for the reasons its
// story tells: a real gain first (lr 1e-4, rank 8, on both seeds), then seed noise, style-only
// gains, and a training run whose risk metrics drift while its loss falls.
describe('the demo sweep', () => {
  it('stops, freezes the reproducible first gain, and says why', async () => {
    const lines: string[] = [];
    const demo = await runDemo(openWorkspace(tempDir('stoppoint-demo-')), { say: (l) => lines.push(l) });
    expect(demo.run.outcome).toBe('complete');
    const v = demo.verdict!;
    expect(lines.filter((l) => l.startsWith('warning:'))).toEqual([]);
    expect(v).toMatchObject({ experiment: 'demo', verdict: 'stop', action: 'freeze', freeze_candidate: 'lr1e-4-r8-s1' });
    // why: patience used up after the first real gain, and the story's signals
    expect(v.reason).toMatch(/^Stop: no real gain over lr1e-4-r8-s1 for \d+ iteration\(s\) \(patience 3\)/);
    expect(fired(v)).toEqual(expect.arrayContaining(['irreproducible:stop', 'style-over-judgment:stop', 'loss-risk-divergence:stop']));
    expect(fired(v)).not.toContain('partial-evaluation:stop');
    const drift = v.signals.find((s) => s.id === 'loss-risk-divergence')!;
    expect(drift.evidence).toMatchObject({ run: 'lr2e-4-r16' });
    expect([300, 400]).toContain(drift.evidence.divergence_step);
    // the newest checkpoint gives back the harmful-request refusals the contract protects
    expect(v.contract.find((c) => c.rule === 'must_not_regress' && c.candidate === 'lr2e-4-r16-step500' && c.against === 'base')).toMatchObject({ ok: false });
    // the frozen candidate keeps the whole contract
    expect(v.contract.filter((c) => c.candidate === 'lr1e-4-r8-s1' && c.against === 'base').every((c) => c.ok)).toBe(true);
    expect(v.freeze_risks.length).toBeGreaterThan(0);
  }, 900_000);
});
