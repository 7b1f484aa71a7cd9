import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { scaffoldWorkspace } from '../../src/init.js';
import { lintProbeSet } from '../../src/probes/lint.js';
import { loadProbeSetDir } from '../../src/probes/load.js';
import { loadPlan } from '../../src/plan/load.js';
import { Plan } from '../../src/plan/schema.js';
import { openWorkspace } from '../../src/workspace.js';
import { tempDir } from '../helpers/tmp.js';

describe('scaffoldWorkspace', () => {
  it('writes a starter set, an example plan and a .gitignore', () => {
    const root = join(tempDir(), 'fresh');
    const r = scaffoldWorkspace(root);
    expect(r.created).toEqual(['.gitignore', 'probes/starter/probe-set.yaml', 'probes/starter/probes.yaml', 'runs/example.yaml']);
    expect(readFileSync(join(root, '.gitignore'), 'utf8')).toMatch(/^runs\/\*\.sqlite\*$/m);
    expect(readFileSync(join(root, '.gitignore'), 'utf8')).toMatch(/^runs\/reports\/$/m);
  });

  it('the starter set covers all four categories with a paraphrase group and lints with no findings', () => {
    const root = tempDir();
    scaffoldWorkspace(root);
    const set = loadProbeSetDir(join(root, 'probes', 'starter'));
    expect(new Set(set.records.map((r) => r.category))).toEqual(new Set(['boundary', 'refusal', 'factuality', 'consistency']));
    const groups = new Map<string, number>();
    for (const r of set.records) if (r.group) groups.set(r.group, (groups.get(r.group) ?? 0) + 1);
    expect([...groups.values()].some((n) => n >= 2)).toBe(true);
    expect(lintProbeSet(set)).toEqual({ errors: [], warnings: [] });
  });

  it('the example plan is a valid plan against the local simulated endpoint using the starter set', () => {
    const root = tempDir();
    scaffoldWorkspace(root);
    const plan = Plan.parse(parse(readFileSync(join(root, 'runs', 'example.yaml'), 'utf8')));
    expect(plan.endpoint.base_url).toBe('http://127.0.0.1:8787/v1');
    expect(plan.probes).toEqual(['starter']);
    expect(plan.candidates.filter((c) => c.baseline)).toHaveLength(1);
    // And the plan loader resolves its probe set in the new workspace.
    const loaded = loadPlan(join(root, 'runs', 'example.yaml'), openWorkspace(root));
    expect(loaded.probeSets.map((s) => s.meta.name)).toEqual(['starter']);
  });

  it('refuses to overwrite, names the files, and writes nothing at all', () => {
    const root = tempDir();
    mkdirSync(join(root, 'runs'));
    writeFileSync(join(root, 'runs', 'example.yaml'), 'mine\n');
    let err: unknown;
    try {
      scaffoldWorkspace(root);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).message).toBe(`${join(root, 'runs', 'example.yaml')}: already exists; init never overwrites, so nothing was written`);
    expect(readdirSync(root).sort()).toEqual(['runs']);
    expect(readFileSync(join(root, 'runs', 'example.yaml'), 'utf8')).toBe('mine\n');
    expect(existsSync(join(root, 'probes'))).toBe(false);
  });
});
