import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { workspaceWith } from '../helpers/tmp.js';

const fixtures = resolve(import.meta.dirname, '../fixtures/health');
const train = resolve(fixtures, 'train-chat.jsonl');

describe('stoppoint probes contamination', () => {
  it('names each planted probe with its overlap and first match, and exits 0', () => {
    const ws = workspaceWith(fixtures, ['leaks']);
    const r = runCli(['probes', 'contamination', 'leaks', train, '--n', '5'], ws);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const rows = r.stdout.split('\n').filter((l) => /^ {2}\S/.test(l));
    expect(rows.map((l) => l.trim().split(/\s+/)[0]).sort()).toEqual(['leak-en', 'leak-fullwidth', 'leak-zh']);
    expect(r.stdout).toMatch(/leak-en\s+prompt\s+100% \(\d+\/\d+ grams\)\s+first at .*train-chat\.jsonl:2/);
    expect(r.stdout).toMatch(/leak-zh\s+prompt\s+100% .*train-chat\.jsonl:4/);
    expect(r.stdout).toContain('scanned 5 line(s)');
    expect(r.stdout).toContain('1 malformed JSON line(s) read as plain text');
  });

  it('--json gives the report; --fail-on-find exits 1 on a finding and 0 without', () => {
    const ws = workspaceWith(fixtures, ['leaks']);
    const r = runCli(['probes', 'contamination', 'leaks', train, '--n', '5', '--json', '--fail-on-find'], ws);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { findings: { probe: string; field: string; overlap: number; firstMatch: { line: number } }[]; scanned: { lines: number; malformedJsonLines: number } };
    expect(report.findings.find((f) => f.probe === 'leak-en')).toMatchObject({ field: 'prompt', overlap: 1, firstMatch: { line: 2 } });
    expect(report.scanned).toMatchObject({ lines: 5, malformedJsonLines: 1 });
    const clean = runCli(['probes', 'contamination', 'leaks', train, '--threshold', '1', '--n', '30', '--min-tokens', '40', '--fail-on-find'], ws);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toMatch(/: 0 field\(s\) overlap training data/);
  });

  it('bad input exits 2 with a reason', () => {
    const ws = workspaceWith(fixtures, ['leaks']);
    const missing = runCli(['probes', 'contamination', 'leaks', 'nope.jsonl'], ws);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.jsonl: no such training file');
    const bad = runCli(['probes', 'contamination', 'leaks', train, '--threshold', '2'], ws);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--threshold: /);
  });
});
