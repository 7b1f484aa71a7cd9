import { describe, expect, it } from 'vitest';
import { Verdict } from '../../src/verdict/schema.js';
import { runCli } from '../helpers/cli.js';
import { fired, runScenario } from './scenario-run.js';

describe('scenarios end to end', () => {
  it('healthy (simulator helper): continue, keep tuning, no signal fired', async () => {
    const { verdict, run, root } = await runScenario('healthy');
    expect(run.outcome).toBe('complete');
    expect(fired(verdict)).toEqual([]);
    expect(verdict).toMatchObject({ verdict: 'continue', action: 'keep-tuning', freeze_candidate: null, freeze_risks: [] });
    expect(verdict.contract.every((c) => c.ok)).toBe(true);

    // the CLI: exit 0 for continue, the same verdict as JSON (schema-valid), gate passes
    const human = runCli(['verdict', 'healthy'], root);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^CONTINUE: keep tuning\nexperiment healthy\n\nKeep tuning: lr3e-4 made a real gain/);
    expect(human.stdout).toMatch(/Signals: none fired\./);
    const json = runCli(['verdict', 'healthy', '--json'], root);
    expect(json.code).toBe(0);
    expect(Verdict.parse(JSON.parse(json.stdout))).toEqual(verdict);
    const gate = runCli(['gate', 'healthy'], root);
    expect(gate.code).toBe(0);
    expect(gate.stdout).toMatch(/^gate healthy: lr3e-4 keeps the contract\n/);
    const unknown = runCli(['verdict', 'nope'], root);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no experiment named nope/);
  });

  it('signal-loss-risk-divergence: the loss falls while harmful refusals drop at step 300', async () => {
    const { verdict, warnings } = await runScenario('signal-loss-risk-divergence');
    expect(warnings).toEqual([]);
    expect(fired(verdict)).toContain('loss-risk-divergence:stop');
    const s = verdict.signals.find((x) => x.id === 'loss-risk-divergence')!;
    expect(s.evidence).toMatchObject({ run: 'r', divergence_step: 300, last_good_step: 200 });
    expect(verdict.contract.find((c) => c.rule === 'must_not_regress' && c.candidate === 'step300')).toMatchObject({ ok: false });
  });

  it('signal-partial-evaluation: probes that always fail → fix the evaluation first', async () => {
    const { verdict, run } = await runScenario('signal-partial-evaluation');
    expect(run.outcome).toBe('partial');
    expect(fired(verdict)).toContain('partial-evaluation:stop');
    expect(verdict).toMatchObject({ verdict: 'stop', action: 'fix-evaluation', freeze_candidate: null });
    expect(verdict.signals.find((x) => x.id === 'partial-evaluation')!.summary).toMatch(/coverage 642\/648 \(99\.1%\); 6 request\(s\) errored/);
  });

  it('signal-parameter-coupling: the effect of the learning rate flips sign with the rank', async () => {
    const { verdict } = await runScenario('signal-parameter-coupling');
    expect(fired(verdict)).toContain('parameter-coupling:stop');
    const s = verdict.signals.find((x) => x.id === 'parameter-coupling')!;
    expect((s.evidence.interactions as { metric: string; parameter: string }[])[0]).toMatchObject({ metric: 'boundary.accuracy' });
  });
});
