import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { reportFixture } from './helpers.js';

describe('stoppoint report', () => {
  it('writes runs/reports/EXPERIMENT.html by default and prints its path', () => {
    const f = reportFixture({ candidates: 6, probes: 12, repeats: 2 });
    f.db.close();
    const r = runCli(['report', 'fixture'], f.dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const path = join(f.dir, 'runs', 'reports', 'fixture.html');
    expect(r.stdout).toContain(`report: ${path}`);
    expect(readFileSync(path, 'utf8')).toMatch(/^<!DOCTYPE html>/);
  });

  it('writes where -o says, and --json gives path and bytes', () => {
    const f = reportFixture({ candidates: 4, probes: 8, repeats: 1 });
    f.db.close();
    const r = runCli(['report', 'fixture', '-o', 'out/r.html', '--json'], f.dir);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { path: string; bytes: number };
    expect(out.path).toBe(join(f.dir, 'out', 'r.html'));
    expect(statSync(out.path).size).toBe(out.bytes);
  });

  it('is bad input, exit 2, for an unknown experiment or a missing store', () => {
    const f = reportFixture({ candidates: 3, probes: 4, repeats: 1 });
    f.db.close();
    const unknown = runCli(['report', 'nope'], f.dir);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no experiment.*nope/);
    const empty = tempDir();
    const none = runCli(['report', 'x'], empty);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no store/);
    expect(existsSync(join(empty, 'runs'))).toBe(false);
  });

  it('has help with examples', () => {
    const r = runCli(['report', '--help'], tempDir());
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('stoppoint report my-sweep -o report.html');
  });
});
