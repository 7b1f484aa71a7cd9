import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { diffProbeSetSpecs, lintProbeSets, listProbeSets, showProbeSet, tagProbeSet } from '../../src/probes/catalog.js';
import { diffProbeSets } from '../../src/probes/diff.js';
import { discoverProbeSets, resolveProbeSets } from '../../src/probes/resolve.js';
import { openWorkspace, type Workspace } from '../../src/workspace.js';
import { tempDir, workspaceWith } from '../helpers/tmp.js';

const FIX = 'test/fixtures/probes';

/** A workspace whose built-in folder is a second temp folder, so shadowing can be tested. */
function workspace(sets: string[], builtin: string[] = []): Workspace {
  const root = workspaceWith(FIX, sets);
  const builtinRoot = workspaceWith(FIX, builtin);
  return { ...openWorkspace(root), builtinProbesDir: join(builtinRoot, 'probes') };
}

function editAnswer(ws: Workspace, from: string, to: string): void {
  const path = join(ws.probesDir, 'good', 'part-a.yaml');
  writeFileSync(path, readFileSync(path, 'utf8').replace(from, to));
}

describe('resolveProbeSets', () => {
  it('resolves NAME and NAME@prefix to the current files', () => {
    const ws = workspace(['good']);
    const [cur] = resolveProbeSets(ws, ['good']);
    expect(cur?.origin).toBe('files');
    const [same] = resolveProbeSets(ws, [`good@${cur?.shortVersion.slice(0, 6)}`]);
    expect(same?.version).toBe(cur?.version);
  });

  it('a workspace set shadows a built-in of the same name', () => {
    const ws = workspace(['good'], ['good', 'good-bom']);
    const found = discoverProbeSets(ws);
    expect(found.map((f) => [f.name, f.where, f.shadowsBuiltin])).toEqual([
      ['good', 'workspace', true],
      ['good-bom', 'builtin', false],
    ]);
    expect(found[0]?.dir).toBe(join(ws.probesDir, 'good'));
  });

  it('an unknown set is an input error listing the known sets', () => {
    const ws = workspace(['good', 'good-bom']);
    expect(() => resolveProbeSets(ws, ['nope'])).toThrow(InputError);
    expect(() => resolveProbeSets(ws, ['nope'])).toThrow(/unknown probe set `nope`; known sets: good, good-bom/);
    expect(() => resolveProbeSets(ws, ['bad name!'])).toThrow(/write NAME, NAME@VERSION/);
  });

  it('an older version comes back from the store snapshot after the files change; tags name versions', () => {
    const ws = workspace(['good']);
    const v1 = tagProbeSet(ws, 'good', 'v1', { now: new Date('2024-01-01') });
    editAnswer(ws, 'answer: Canberra', 'answer: Canberra city');
    const [now] = resolveProbeSets(ws, ['good']);
    expect(now?.version).not.toBe(v1.version);

    const [old] = resolveProbeSets(ws, [`good@${v1.version.slice(0, 8)}`]);
    expect(old?.origin).toBe('snapshot');
    expect(old?.version).toBe(v1.version);
    const [byTag] = resolveProbeSets(ws, ['good@v1']);
    expect(byTag?.version).toBe(v1.version);

    expect(diffProbeSetSpecs(ws, 'good@v1', 'good')).toEqual({
      from: v1.ref,
      to: now?.ref,
      added: [],
      removed: [],
      changed: [{ id: 'fact-1', fields: ['expect.answer'] }],
    });
    expect(() => resolveProbeSets(ws, ['good@v2'])).toThrow(/has no version or tag `v2`.*stored versions: .*tags: v1/);
  });

  it('tag refuses to move a tag without force, and refuses hex-looking tags', () => {
    const ws = workspace(['good']);
    tagProbeSet(ws, 'good', 'stable');
    editAnswer(ws, 'answer: Canberra', 'answer: Canberra city');
    expect(() => tagProbeSet(ws, 'good', 'stable')).toThrow(/already names version/);
    const moved = tagProbeSet(ws, 'good', 'stable', { force: true });
    expect(resolveProbeSets(ws, ['good@stable'])[0]?.version).toBe(moved.version);
    expect(() => tagProbeSet(ws, 'good', 'beef')).toThrow(/all-hex/);
  });

  it('tag with a bad set or version creates no store', () => {
    const ws = workspace(['good']);
    expect(() => tagProbeSet(ws, 'nope', 'v1')).toThrow(/unknown probe set/);
    expect(() => tagProbeSet(ws, 'good@0000aaaa', 'v1')).toThrow(/has no version or tag/);
    expect(existsSync(ws.storePath)).toBe(false);
  });

  it('list, show, lint and diff never create the store', () => {
    const ws = workspace(['good', 'good-bom']);
    const [cur] = resolveProbeSets(ws, ['good']);
    listProbeSets(ws);
    showProbeSet(ws, 'good', 'fact-1');
    lintProbeSets(ws);
    diffProbeSetSpecs(ws, 'good', `good@${cur?.shortVersion}`);
    expect(() => resolveProbeSets(ws, ['good@v1'])).toThrow(/there is none yet/);
    expect(existsSync(ws.storePath)).toBe(false);
    expect(existsSync(ws.runsDir)).toBe(false);
  });
});

describe('listProbeSets / showProbeSet / lintProbeSets', () => {
  it('lists counts by category, behaviour and lang, with tags', () => {
    const ws = workspace(['good']);
    tagProbeSet(ws, 'good', 'v1');
    const [s] = listProbeSets(ws);
    expect(s).toMatchObject({
      name: 'good',
      where: 'workspace',
      count: 6,
      byCategory: { consistency: 2, factuality: 2, refusal: 2 },
      byBehavior: { answer: 5, refuse: 1 },
      byLang: { en: 5, zh: 1 },
      problems: [],
    });
    expect(s?.tags.map((t) => t.tag)).toEqual(['v1']);
  });

  it('a broken set is listed with its problems instead of hiding the others', () => {
    const ws = workspace(['good', 'bad-regex']);
    const sets = listProbeSets(ws);
    expect(sets.map((s) => [s.name, s.ref === null])).toEqual([
      ['bad-regex', true],
      ['good', false],
    ]);
    expect(sets[0]?.problems[0]).toMatch(/probes\/bad-regex\/probes\.yaml:6: probe `r-1`: regex does not compile/);
  });

  it('show --id finds one probe or says it is missing', () => {
    const ws = workspace(['good']);
    expect(showProbeSet(ws, 'good', 'fact-2').records[0]?.messages?.[0]?.content).toBe('Answer briefly.');
    expect(() => showProbeSet(ws, 'good', 'zzz')).toThrow(/has no probe `zzz`/);
  });

  it('lint reports load problems as errors with file and line', () => {
    const ws = workspace(['bad-duplicate-id']);
    const [r] = lintProbeSets(ws);
    expect(r?.ref).toBeNull();
    expect(r?.errors).toEqual([
      {
        code: 'invalid-input',
        file: join(ws.probesDir, 'bad-duplicate-id', 'b.jsonl'),
        line: 2,
        ids: [],
        message: `duplicate id \`dup-1\` (first at ${join(ws.probesDir, 'bad-duplicate-id', 'a.yaml')}:1)`,
      },
    ]);
  });
});

describe('diffProbeSets', () => {
  it('reports added, removed and changed fields', () => {
    const base = { records: [
      { id: 'a', category: 'factuality' as const, prompt: 'x?', expect: { behavior: 'answer' as const, answer: 'y' } },
      { id: 'b', category: 'refusal' as const, prompt: 'z?', expect: { behavior: 'refuse' as const } },
    ] };
    const next = { records: [
      { id: 'a', category: 'factuality' as const, prompt: 'x?', expect: { behavior: 'answer' as const, answer: 'y2', match: 'contains' as const }, lang: 'en' },
      { id: 'c', category: 'refusal' as const, prompt: 'w?', expect: { behavior: 'answer' as const } },
    ] };
    expect(diffProbeSets(base, next)).toEqual({
      added: ['c'],
      removed: ['b'],
      changed: [{ id: 'a', fields: ['expect.answer', 'expect.match', 'lang'] }],
    });
    expect(diffProbeSets(base, base)).toEqual({ added: [], removed: [], changed: [] });
  });
});

describe('store use', () => {
  it('tag creates the store inside runs/', () => {
    const root = tempDir();
    mkdirSync(join(root, 'probes'));
    cpSync(join(FIX, 'good'), join(root, 'probes', 'good'), { recursive: true });
    const ws = openWorkspace(root);
    tagProbeSet(ws, 'good', 'first');
    expect(existsSync(ws.storePath)).toBe(true);
  });
});
