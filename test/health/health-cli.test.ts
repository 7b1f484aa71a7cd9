import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordsVersion } from '../../src/probes/canonical.js';
import type { ProbeRecord } from '../../src/probes/schema.js';
import { openDb } from '../../src/store/db.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { buildHealthStore, type SampleGrades } from './store.js';

const records: ProbeRecord[] = ['a', 'b', 'c'].map((id) => ({
  id: `f-${id}`, category: 'factuality', prompt: `Question ${id}?`, expect: { behavior: 'answer', answer: id, match: 'contains' }, lang: 'en',
}));
const ref = `core@${recordsVersion(records).slice(0, 8)}`;
const g = (...xs: (0 | 1)[]): SampleGrades[] => xs.map((answer) => ({ answer, refusal: 'comply' }));

function workspace(): string {
  const ws = tempDir();
  const db = openDb(join(ws, 'runs', 'stoppoint.sqlite'));
  buildHealthStore([records], ['x', 'y', 'z'], [
    { candidate: 'x', version: 0, repeats: 2, samples: { 'f-a': g(1, 0), 'f-b': g(1, 1), 'f-c': g(0, 0) } },
    { candidate: 'y', version: 0, repeats: 2, samples: { 'f-a': g(0, 1), 'f-b': g(1, 1), 'f-c': g(0, 0) } },
    { candidate: 'z', version: 0, repeats: 2, samples: { 'f-a': g(1, 0), 'f-b': g(1, 1), 'f-c': g(0, 0) } },
  ], 'sweep', db);
  db.close();
  return ws;
}

describe('stoppoint probes health', () => {
  it('prints findings grouped by kind, with rates and actions', () => {
    const ws = workspace();
    const r = runCli(['probes', 'health', ref], ws);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${ref} health: 3 evaluation(s) of 3 candidate(s); experiments: sweep`);
    expect(r.stdout).toMatch(/flaky: 1 probe\(s\)[^\n]*\n {2}f-a\s+100% of 3 candidates \(3 disagree\)/);
    expect(r.stdout).toMatch(/saturated, passed by every reply of the last 5 evaluations: 1 probe\(s\)[^\n]*\n {2}f-b\n/);
    expect(r.stdout).toMatch(/saturated, failed by every reply of the last 5 evaluations: 1 probe\(s\)[^\n]*\n {2}f-c\n/);
    expect(r.stdout).toContain('[missing-category] no refusal probes');
  });

  it('--json carries every finding; a wrong experiment, no store, or --experiment without --results is bad input', () => {
    const ws = workspace();
    const j = JSON.parse(runCli(['probes', 'health', ref, '--json', '--experiment', 'sweep'], ws).stdout) as { findings: { kind: string; probes: string[] }[] };
    expect(j.findings.filter((f) => f.kind !== 'coverage').map((f) => `${f.kind}:${f.probes.join()}`)).toEqual(['flaky:f-a', 'saturated:f-c', 'saturated:f-b']);
    const wrong = runCli(['probes', 'health', ref, '--experiment', 'nope'], ws);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('no experiment "nope" in the store; stored: sweep');
    const empty = runCli(['probes', 'health', 'core'], tempDir());
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/no results store at .*stoppoint\.sqlite: run a plan first/);
    const diff = runCli(['probes', 'diff', ref, 'core', '--experiment', 'sweep'], ws);
    expect(diff.code).toBe(2);
    expect(diff.stderr).toContain('--experiment needs --results');
  });
});
