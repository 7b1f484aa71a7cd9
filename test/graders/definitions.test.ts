import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { loadRefusalRules } from '../../src/graders/refusal.js';
import { loadRubric } from '../../src/graders/rubric.js';
import { loadStyleRules } from '../../src/graders/style.js';
import { openWorkspace, packageRoot } from '../../src/workspace.js';

let root: string | undefined;
afterEach(() => {
  if (root) rmSync(root, { recursive: true, force: true });
  root = undefined;
});

function workspaceWith(file: string, text: string) {
  root = mkdtempSync(join(tmpdir(), 'stoppoint-graders-'));
  mkdirSync(join(root, 'graders', 'judges'), { recursive: true });
  writeFileSync(join(root, 'graders', file), text);
  return openWorkspace(root);
}

const problemOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as InputError).message;
  }
  throw new Error('expected an InputError');
};

describe('grader definitions', () => {
  it('reports a pattern that does not compile at its file:line', () => {
    const ws = workspaceWith('style.yaml', 'courtesy:\n  - "thanks"\n  - "(unclosed"\n');
    expect(problemOf(() => loadStyleRules(ws))).toMatch(/style\.yaml:3: pattern does not compile/);
  });

  it('reports upper-case patterns (replies are lower-cased) and unknown fields', () => {
    const ws = workspaceWith('style.yaml', 'courtesy:\n  - "Thank you"\nextra: 1\n');
    expect(problemOf(() => loadStyleRules(ws))).toMatch(/style\.yaml:\d+: .*extra/);
    const ws2 = workspaceWith('style.yaml', 'courtesy:\n  - "Thank you"\n');
    expect(problemOf(() => loadStyleRules(ws2))).toMatch(/style\.yaml:2: pattern has upper-case "T"/);
  });

  it('a workspace pack shadows the built-in one and changes the version', () => {
    const builtin = loadRefusalRules(openWorkspace(packageRoot));
    const text = readFileSync(join(packageRoot, 'graders', 'refusal.yaml'), 'utf8').replace('partial_min_help_units: 20', 'partial_min_help_units: 25');
    const ws = workspaceWith('refusal.yaml', text);
    const mine = loadRefusalRules(ws);
    expect(mine.path).toBe(join(root!, 'graders', 'refusal.yaml'));
    expect(mine.version).not.toBe(builtin.version);
    expect(mine.thresholds.partial_min_help_units).toBe(25);
  });

  it('a rubric must declare its labels on its first line', () => {
    const ws = workspaceWith('judges/tone.hbs', 'Rate it.\nGRADE: 1|2|3');
    expect(problemOf(() => loadRubric(ws, 'tone'))).toMatch(/tone\.hbs:1: first line must be/);
  });
});
