import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../helpers/cli.js';
import { tempDir, workspaceWith } from '../helpers/tmp.js';

const FIX = resolve(repoRoot, 'test/fixtures/probes');
const datasets = resolve(repoRoot, '../shared/datasets');

describe('stoppoint probes (built CLI)', () => {
  // Each bad-input kind: exit 2, the file:line reason on stderr, nothing on stdout, no store written.
  const cases: [string, string][] = [
    ['bad-yaml-syntax', 'probes/bad-yaml-syntax/probes.yaml:5: YAML syntax: Missing closing "quote'],
    ['bad-json-syntax', 'probes/bad-json-syntax/probes.jsonl:2: JSON syntax: '],
    ['bad-unknown-field', 'probes/bad-unknown-field/probes.yaml:6: probe `a-1`: unknown field `expect.answr`'],
    ['bad-missing-field', 'probes/bad-missing-field/probes.yaml:1: probe `a-1`: missing field `category`'],
    ['bad-category', 'probes/bad-category/probes.yaml:6: probe `a-2`: `category` must be one of'],
    ['bad-behavior', 'probes/bad-behavior/probes.jsonl:2: probe `a-2`: `expect.behavior` must be one of answer | refuse'],
    ['bad-duplicate-id', 'probes/bad-duplicate-id/b.jsonl:2: duplicate id `dup-1` (first at probes/bad-duplicate-id/a.yaml:1)'],
    ['bad-group-of-one', 'probes/bad-group-of-one/probes.yaml:5: probe `c-1`: paraphrase group `boil` has only one member'],
    ['bad-regex', 'probes/bad-regex/probes.yaml:6: probe `r-1`: regex does not compile'],
    ['bad-utf8', 'probes/bad-utf8/probes.yaml:3: not valid UTF-8'],
    ['bad-empty', 'probes/bad-empty: the probe set has no records'],
  ];
  it.each(cases)('probes show %s exits 2 with file:line', (set, expected) => {
    const ws = workspaceWith(FIX, [set]);
    const r = runCli(['probes', 'show', set], ws);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(expected);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace for a user mistake
    expect(r.stdout).toBe('');
    expect(existsSync(join(ws, 'runs'))).toBe(false);
  });

  it('lint: errors exit 2 (text and --json), warnings alone exit 0', () => {
    const ws = workspaceWith(FIX, ['good', 'bad-regex']);
    const bad = runCli(['probes', 'lint'], ws);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toContain('error probes/bad-regex/probes.yaml:6: [invalid-input]');
    const json = runCli(['probes', 'lint', 'bad-regex', '--json'], ws);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)[0].errors[0]).toMatchObject({ code: 'invalid-input', file: 'probes/bad-regex/probes.yaml', line: 6 });

    // A set with only a warning (no lang on one probe).
    mkdirSync(join(ws, 'probes', 'warn'));
    writeFileSync(join(ws, 'probes', 'warn', 'probe-set.yaml'), 'name: warn\ndescription: one warning\n');
    writeFileSync(join(ws, 'probes', 'warn', 'p.jsonl'), '{"id":"w","category":"factuality","prompt":"Who wrote Hamlet?","expect":{"behavior":"answer","answer":"Shakespeare","match":"contains"}}\n');
    const warn = runCli(['probes', 'lint', 'warn'], ws);
    expect(warn.code).toBe(0);
    expect(warn.stdout).toContain('warning probes/warn/p.jsonl:1: [missing-lang]');
    expect(runCli(['probes', 'lint', 'good'], ws).code).toBe(0);
  });

  it('list --json shows sets with counts; list/show/diff/lint create no store', () => {
    const ws = workspaceWith(FIX, ['good']);
    const r = runCli(['probes', 'list', '--json'], ws);
    expect(r.code).toBe(0);
    const sets = JSON.parse(r.stdout) as { name: string; where: string; count: number; ref: string }[];
    const good = sets.find((s) => s.name === 'good');
    expect(good).toMatchObject({ where: 'workspace', count: 6 });
    // The package's own built-in sets are listed too.
    expect(sets.some((s) => s.where === 'builtin')).toBe(true);
    const ref = good?.ref ?? '';
    expect(runCli(['probes', 'show', ref, '--id', 'fact-1'], ws).stdout).toContain('answer: Canberra');
    expect(JSON.parse(runCli(['probes', 'diff', ref, 'good', '--json'], ws).stdout)).toMatchObject({ added: [], removed: [], changed: [] });
    runCli(['probes', 'lint', 'good'], ws);
    expect(existsSync(join(ws, 'runs'))).toBe(false);
  });

  it('tag then show/diff an older version after the files changed', () => {
    const ws = workspaceWith(FIX, ['good']);
    expect(runCli(['probes', 'tag', 'good', 'v1'], ws).code).toBe(0);
    writeFileSync(join(ws, 'probes', 'good', 'extra.jsonl'), '{"id":"new-1","category":"factuality","prompt":"Largest planet?","expect":{"behavior":"answer","answer":"Jupiter","match":"contains"},"lang":"en"}\n');
    const d = runCli(['probes', 'diff', 'good@v1', 'good'], ws);
    expect(d.code).toBe(0);
    expect(d.stdout).toMatch(/1 added, 0 removed, 0 changed\n\+ new-1\n$/);
    expect(runCli(['probes', 'show', 'good@v1'], ws).stdout).toMatch(/\(stored snapshot\)\s+6 probes/);
    expect(runCli(['probes', 'show', 'good@v9'], ws).code).toBe(2);
  });

  it('import: real XSTest file, then a second import refuses to overwrite', () => {
    const ws = tempDir();
    const file = join(datasets, 'xstest', 'xstest_prompts.csv');
    const r = runCli(['probes', 'import', file, '--set', 'xstest', '--format', 'xstest', '--json'], ws);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ count: 450, warnings: [] });
    const again = runCli(['probes', 'import', file, '--set', 'xstest', '--format', 'xstest'], ws);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists; pass --force');
    expect(runCli(['probes', 'lint', 'xstest'], ws).code).toBe(0);
  });

  it('import: generic csv without a prompt mapping exits 2', () => {
    const ws = tempDir();
    const file = join(datasets, 'harmbench', 'harmbench_behaviors_text_all.csv');
    const r = runCli(['probes', 'import', file, '--set', 'hb', '--format', 'csv', '--category', 'refusal', '--behavior', 'refuse'], ws);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--map prompt=COLUMN');
    expect(existsSync(join(ws, 'probes'))).toBe(false);
  });
});

describe('stoppoint init (built CLI)', () => {
  it('scaffolds, then refuses a second time with exit 2 naming the files', () => {
    const ws = tempDir();
    const first = runCli(['init'], ws);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('probes/starter/probes.yaml');
    expect(runCli(['probes', 'lint', 'starter'], ws).code).toBe(0);
    const second = runCli(['init'], ws);
    expect(second.code).toBe(2);
    expect(second.stderr).toContain(`${join(ws, '.gitignore')}: already exists`);
  });

  it('--help has examples', () => {
    const r = runCli(['probes', 'import', '--help'], tempDir());
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Examples:');
  });
});
