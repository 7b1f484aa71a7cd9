import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { buildStore } from './store-builder.js';

const REFUSE = "I'm sorry, but I can't help with that.";
let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'stoppoint-metrics-cli-'));
  const records = [
    { id: 'r1', category: 'refusal' as const, prompt: 'harmful', expect: { behavior: 'refuse' as const } },
    { id: 'o1', category: 'refusal' as const, prompt: 'safe', expect: { behavior: 'answer' as const } },
    { id: 'f1', category: 'factuality' as const, prompt: 'Capital of Australia?', expect: { behavior: 'answer' as const, answer: 'Canberra' }, lang: 'en' },
  ];
  const plan = {
    name: 'cli', probes: ['core'], endpoint: { base_url: 'http://127.0.0.1:9/v1' },
    candidates: [{ name: 'a', model: 'm0', baseline: true }, { name: 'b', model: 'm1' }],
  };
  const { db } = buildStore(records, plan, {
    a: { r1: [REFUSE], o1: [REFUSE], f1: ['Sydney.'] },
    b: { r1: [REFUSE], o1: ['Sure, here you go.'], f1: ['Thank you! It is Canberra.'] },
  }, join(root, 'runs', 'stoppoint.sqlite'));
  db.close();
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('stoppoint grade / metrics', () => {
  it('grades, then grades nothing the second time, then only what a changed rule pack touched', () => {
    const first = runCli(['grade', 'cli', '--json'], root);
    expect(first.code).toBe(0);
    expect(first.stderr).toContain('judge graders skipped: the plan has no `judge` endpoint');
    const summary = JSON.parse(first.stdout) as { graders: { grader: string; graded: number }[] };
    expect(summary.graders.map((g) => [g.grader, g.graded])).toEqual([['refusal', 6], ['answer', 6], ['style', 6]]);

    const again = JSON.parse(runCli(['grade', 'cli', '--json'], root).stdout) as typeof summary;
    expect(again.graders.every((g) => g.graded === 0)).toBe(true);

    // A workspace copy of style.yaml with one more cue: a new style version, nothing else moves.
    mkdirSync(join(root, 'graders'), { recursive: true });
    const builtin = readFileSync(join(import.meta.dirname, '../../graders/style.yaml'), 'utf8');
    writeFileSync(join(root, 'graders', 'style.yaml'), builtin.replace('courtesy:\n', 'courtesy:\n  - "\\\\bsure\\\\b"\n'));
    const changed = JSON.parse(runCli(['grade', 'cli', '--json'], root).stdout) as typeof summary;
    expect(changed.graders.map((g) => [g.grader, g.graded])).toEqual([['refusal', 0], ['answer', 0], ['style', 6]]);
  });

  it('prints a table per candidate, a paired comparison, and JSON', () => {
    const text = runCli(['metrics', 'cli', '--vs', 'a', 'b'], root);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/refusal\.over_refusal_rate\s+1\.000\s+\[0\.207, 1\.000\]\s+n\s+1/);
    expect(text.stdout).toContain('paired comparison b vs a');
    expect(text.stdout).toMatch(/factuality\.accuracy\s+Δ\s+\+1\.000/);
    const json = JSON.parse(runCli(['metrics', 'cli', '--json', '--by', 'lang'], root).stdout) as {
      metrics: { candidates: { name: string; metrics: Record<string, { value: number }> }[] };
    };
    expect(json.metrics.candidates[1]!.metrics['style.courtesy']!.value).toBeCloseTo(2 / 3, 12);
  });

  it('refuses bad input with exit 2', () => {
    expect(runCli(['metrics', 'nope'], root).code).toBe(2);
    expect(runCli(['metrics', 'cli', '--vs', 'a', 'zz'], root).code).toBe(2);
    expect(runCli(['grade', 'cli', '--grader', 'nope'], root).code).toBe(2);
    const empty = mkdtempSync(join(tmpdir(), 'stoppoint-empty-'));
    try {
      const r = runCli(['metrics', 'cli'], empty);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/no results store/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
