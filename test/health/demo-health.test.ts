import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runDemo } from '../../src/demo.js';
import type { ResultsDiff } from '../../src/health/diff-results.js';
import type { HealthFinding, HealthReport } from '../../src/health/types.js';
import { computeExperimentMetrics } from '../../src/metrics/compute.js';
import { runPlan } from '../../src/runner/run-plan.js';
import { DEFAULT_SCENARIO, launchSim } from '../../src/sim/launch.js';
import { openDb } from '../../src/store/db.js';
import { openWorkspace, type Workspace } from '../../src/workspace.js';
import { repoRoot, runCli } from '../helpers/cli.js';

/**
 * `stoppoint probes health core` on the demo's stored results: the simulator's scenario fixes
 * which probes are flaky, always passed and always failed (scenarios/demo.yaml, probe_traits),
 * and which paraphrase group no model answers coherently. The findings must name them.
 */

interface Traits {
  flaky: string[];
  always_pass: string[];
  always_fail: string[];
  inconsistent_groups: string[];
}
const traits = (parse(readFileSync(join(repoRoot, 'scenarios', 'demo.yaml'), 'utf8')) as { probe_traits: Traits }).probe_traits;
const traitIds = new Set([...traits.flaky, ...traits.always_pass, ...traits.always_fail]);

let dir: string;
let ws: Workspace;
let report: HealthReport;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sp-health-demo-'));
  ws = openWorkspace(dir);
  await runDemo(ws, { say: () => undefined });
  const r = runCli(['probes', 'health', 'core', '--json'], dir);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  report = JSON.parse(r.stdout) as HealthReport;
}, 1_200_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const ofKind = <K extends HealthFinding['kind']>(kind: K): Extract<HealthFinding, { kind: K }>[] =>
  report.findings.filter((f): f is Extract<HealthFinding, { kind: K }> => f.kind === kind);

describe('probes health core on the demo results', () => {
  it('reads every demo evaluation', () => {
    expect(report.experiments).toEqual(['demo']);
    expect(report.evaluations).toBe(14);
    expect(report.coverage).toMatchObject({ probes: 324, evaluated: 324 });
  });

  it('names the probes the scenario makes flaky', () => {
    const flaky = new Map(ofKind('flaky').map((f) => [f.probes[0], f]));
    const named = traits.flaky.filter((id) => flaky.has(id));
    // A coin flip per sample disagrees across two repeats half the time; over 14 candidates one of
    // the five may land below the 30% line by chance, never more in this deterministic run.
    expect(named.length).toBeGreaterThanOrEqual(traits.flaky.length - 1);
    for (const id of named) expect(flaky.get(id)!).toMatchObject({ n: 14, action: 'rewrite' });
    expect(named.reduce((s, id) => s + flaky.get(id)!.rate, 0) / named.length).toBeGreaterThanOrEqual(0.5);
    for (const id of [...traits.always_pass, ...traits.always_fail]) expect(flaky.has(id)).toBe(false);
  });

  it('names the always-passed and always-failed probes as saturated', () => {
    const sat = ofKind('saturated');
    const pass = new Set(sat.filter((f) => f.state === 'pass').map((f) => f.probes[0]));
    const fail = new Set(sat.filter((f) => f.state === 'fail').map((f) => f.probes[0]));
    for (const id of traits.always_pass) expect(pass, id).toContain(id);
    for (const id of traits.always_fail) expect(fail, id).toContain(id);
    expect(sat.find((f) => f.probes[0] === traits.always_pass[0])).toMatchObject({ action: 'retire', evaluations: 5, samples: 10 });
    expect(sat.find((f) => f.probes[0] === traits.always_fail[0])).toMatchObject({ action: 'rewrite', evaluations: 5 });
  });

  it('names discriminating probes, none of them one the scenario fixed', () => {
    const top = ofKind('discriminating').filter((f) => f.rank === 'top');
    expect(top).toHaveLength(10);
    for (const f of top) {
      expect(traitIds.has(f.probes[0])).toBe(false);
      expect(f.r).toBeGreaterThan(0.3);
    }
    // Cross-check with the metrics module: a top probe's per-candidate score really varies.
    const db = openDb(ws.storePath, { readonly: true });
    try {
      const m = computeExperimentMetrics(db, 'demo', { agreement: false, resolution: false });
      for (const f of top) {
        const scores = Object.values(m.units)
          .flatMap((byCandidate) => Object.values(byCandidate ?? {}).map((units) => units[f.probes[0]]))
          .filter((x): x is number => x !== undefined);
        expect(Math.max(...scores) - Math.min(...scores), f.probes[0]).toBeGreaterThanOrEqual(0.5);
      }
    } finally {
      db.close();
    }
  });

  it('names the paraphrase group no model answers coherently', () => {
    const groups = ofKind('inconsistent-group').map((f) => f.group);
    for (const g of traits.inconsistent_groups) expect(groups).toContain(g);
  });

  it('prints the findings grouped by kind', () => {
    const r = runCli(['probes', 'health', 'core', '--last', '3'], dir);
    expect(r.code).toBe(0);
    const heads = ['flaky:', 'saturated, passed by every reply of the last 3 evaluations', 'most discriminating', 'least discriminating', 'paraphrase groups inconsistent', 'rule vs judge disagreement', 'coverage: 324 probes'];
    let at = -1;
    for (const h of heads) {
      const i = r.stdout.indexOf(h);
      expect(i, h).toBeGreaterThan(at);
      at = i;
    }
    expect(r.stdout).toContain(traits.always_fail[0]);
  });

  it('probes diff --results shows what an edit of core does to the numbers', async () => {
    // Edit a workspace copy of core: drop an always-passed probe, break the reference of another,
    // add a new one. The simulator still serves the shipped core, so it answers the old reference.
    const coreDir = join(dir, 'probes', 'core');
    cpSync(join(ws.builtinProbesDir, 'core'), coreDir, { recursive: true });
    const file = join(coreDir, 'factuality.yaml');
    const [removed, broken] = traits.always_pass.filter((id) => id.startsWith('fact-'));
    let text = readFileSync(file, 'utf8');
    text = text.replace(new RegExp(`- id: ${removed}\\n(?: {2}.*\\n)+\\n`), '');
    text = text.replace(new RegExp(`(- id: ${broken}\\n(?: {2}.*\\n)*? {2}expect: \\{behavior: answer, answer: )"[^"]+"`), '$1"Zzyzx"');
    text += '\n- id: fact-9999\n  category: factuality\n  lang: en\n  prompt: "Which planet has the most moons?"\n  expect: {behavior: answer, answer: "Saturn", match: contains}\n';
    writeFileSync(file, text);
    const sim = await launchSim({ workspace: { ...ws, probesDir: ws.builtinProbesDir }, scenarioPath: DEFAULT_SCENARIO, probeSpecs: ['core'] });
    try {
      const plan = join(dir, 'runs', 'edit.yaml');
      writeFileSync(plan, [
        'name: demo', 'probes: [core]', `endpoint: {base_url: ${sim.url}}`, 'sampling: {temperature: 0.7, max_tokens: 256}', 'repeats: 2', 'concurrency: 32',
        'candidates:', '  - {name: base, model: demo-base, baseline: true}', '  - {name: lr1e-4-r8-s1, model: demo-lr1e-4-r8-s1, params: {lr: 1e-4, lora_rank: 8, seed: 1}}', '',
      ].join('\n'));
      await runPlan(plan, { workspace: ws, env: {} });
    } finally {
      await sim.close();
    }
    const r = runCli(['probes', 'diff', `core@${report.set.split('@')[1]}`, 'core', '--results', '--json'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const d = JSON.parse(r.stdout) as ResultsDiff;
    expect({ added: d.added, removed: d.removed, changed: d.changed.map((c) => c.id) }).toEqual({ added: ['fact-9999'], removed: [removed], changed: [broken] });
    expect(d.results.candidates.map((c) => c.candidate)).toEqual(['base', 'lr1e-4-r8-s1']);
    expect(d.results.onlyFrom).toHaveLength(12);
    const fact = d.results.metrics.find((m) => m.metric === 'factuality.accuracy')!;
    expect(fact.parts.removed!).toBeLessThan(0);
    expect(fact.parts.changed!).toBeLessThan(0);
    // the simulator is deterministic per (model, prompt, seed): unchanged probes rerun identically
    expect(fact.parts.rerun).toBeCloseTo(0, 12);
    const sum = fact.parts.removed! + fact.parts.changed! + fact.parts.added! + fact.parts.rerun!;
    expect(sum).toBeCloseTo(fact.delta!, 12);
    const byUnit = new Map(fact.probes.map((p) => [p.unit, p]));
    expect(byUnit.get(broken!)).toMatchObject({ change: '~', from: 1, to: 0 });
    expect(byUnit.get(removed!)).toMatchObject({ change: '-', from: 1, to: null });
    expect(byUnit.get('fact-9999')).toMatchObject({ change: '+', from: null });
    const text2 = runCli(['probes', 'diff', `core@${report.set.split('@')[1]}`, 'core', '--results'], dir).stdout;
    expect(text2).toMatch(/factuality\.accuracy: mean over candidates [\d.]+ -> [\d.]+ \(-[\d.]+\); removed -/);
  }, 600_000);
});
