import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { fired, runScenario } from './scenario-run.js';

// End to end over real HTTP: simulator → runPlan (evaluate + grade) → computeVerdict.
// Each scenario is small (core probes, 2 repeats, 2–4 candidates) and must fire its signal.
describe('scenarios that must fire a signal', () => {
  it('signal-no-objective: three iterations that move nothing they aim at', async () => {
    const { verdict } = await runScenario('signal-no-objective');
    expect(fired(verdict)).toContain('no-objective:stop');
    expect(verdict.verdict).toBe('stop');
    const s = verdict.signals.find((x) => x.id === 'no-objective')!;
    expect((s.evidence.iterations as { status: string }[]).map((i) => i.status)).toEqual(['noise', 'noise', 'noise']);
  });

  it('signal-irreproducible: fixes factuality and breaks boundary, then the reverse', async () => {
    const { verdict } = await runScenario('signal-irreproducible');
    expect(fired(verdict)).toContain('irreproducible:stop');
    const s = verdict.signals.find((x) => x.id === 'irreproducible')!;
    expect((s.evidence.flips as { steps: string[] }[])[0]!.steps).toEqual(['base → a', 'a → b']);
    expect(verdict.verdict).toBe('stop');
  });

  it('signal-style-over-judgment: politer replies, the same decisions', async () => {
    const { verdict, root } = await runScenario('signal-style-over-judgment');
    expect(fired(verdict)).toEqual(['style-over-judgment:stop']);
    expect(verdict.signals.find((x) => x.id === 'style-over-judgment')!.summary).toMatch(/^From base to polite replies read better \(style\.courtesy \+0\.\d+/);
    // the contract's factuality gain is not there: nothing to freeze
    expect(verdict).toMatchObject({ verdict: 'stop', action: 'back-to-data', freeze_candidate: null });

    // the CLI: verdict exits 3 (stop) and leads with verdict and action; gate exits 1 (must_improve not met)
    const human = runCli(['verdict', 'signal-style'], root);
    expect(human.code).toBe(3);
    expect(human.stdout).toMatch(/^STOP: go back to the data\nexperiment signal-style\n/);
    expect(human.stdout).toMatch(/\n {2}\[stop\] style-over-judgment: From base to polite replies read better/);
    expect(human.stdout).toMatch(/BROKEN must_improve factuality\.accuracy \(polite vs base\)/);
    const gate = runCli(['gate', 'signal-style', '--json'], root);
    expect(gate.code).toBe(1);
    expect(JSON.parse(gate.stdout)).toMatchObject({ experiment: 'signal-style', candidate: 'polite', ok: false });
    expect(runCli(['gate', 'signal-style', '--candidate', 'base'], root)).toMatchObject({ code: 2 });
  });
});
