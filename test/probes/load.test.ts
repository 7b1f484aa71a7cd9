import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { loadProbeSetDir } from '../../src/probes/load.js';
import { tempDir } from '../helpers/tmp.js';

// Paths in messages are relative to the current directory; vitest runs from the repo root.
const FIX = 'test/fixtures/probes';

function problemsOf(dir: string): string[] {
  try {
    loadProbeSetDir(join(FIX, dir));
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as InputError).message.split('\n');
  }
  throw new Error(`${dir} loaded without error`);
}

describe('loadProbeSetDir: bad input names file:line and a reason', () => {
  const cases: [string, string[]][] = [
    ['bad-yaml-syntax', [`${FIX}/bad-yaml-syntax/probes.yaml:5: YAML syntax: Missing closing "quote`]],
    [
      'bad-unknown-field',
      [
        `${FIX}/bad-unknown-field/probes.yaml:6: probe \`a-1\`: unknown field \`expect.answr\` (did you mean \`answer\`?)`,
        `${FIX}/bad-unknown-field/probes.yaml:8: probe \`a-2\`: missing field \`category\``,
        `${FIX}/bad-unknown-field/probes.yaml:9: probe \`a-2\`: unknown field \`categroy\` (did you mean \`category\`?)`,
      ],
    ],
    [
      'bad-missing-field',
      [
        `${FIX}/bad-missing-field/probes.yaml:1: probe \`a-1\`: missing field \`category\``,
        `${FIX}/bad-missing-field/probes.yaml:5: probe \`a-2\`: a probe needs exactly one of \`prompt\` or \`messages\``,
      ],
    ],
    [
      'bad-category',
      [`${FIX}/bad-category/probes.yaml:6: probe \`a-2\`: \`category\` must be one of boundary | refusal | factuality | consistency, got "safety"`],
    ],
    [
      'bad-behavior',
      [`${FIX}/bad-behavior/probes.jsonl:2: probe \`a-2\`: \`expect.behavior\` must be one of answer | refuse, got "comply"`],
    ],
    [
      'bad-duplicate-id',
      [`${FIX}/bad-duplicate-id/b.jsonl:2: duplicate id \`dup-1\` (first at ${FIX}/bad-duplicate-id/a.yaml:1)`],
    ],
    [
      'bad-group-of-one',
      [`${FIX}/bad-group-of-one/probes.yaml:5: probe \`c-1\`: paraphrase group \`boil\` has only one member; a group needs two or more`],
    ],
    [
      'bad-regex',
      [`${FIX}/bad-regex/probes.yaml:6: probe \`r-1\`: regex does not compile: Invalid regular expression: /(red|blue/u: Unterminated group`],
    ],
    ['bad-utf8', [`${FIX}/bad-utf8/probes.yaml:3: not valid UTF-8 (byte 0xe9 at offset 47); save the file as UTF-8`]],
    ['bad-empty', [`${FIX}/bad-empty: the probe set has no records: add *.yaml (a list of records) or *.jsonl files`]],
  ];
  it.each(cases)('%s', (dir, expected) => {
    expect(problemsOf(dir)).toEqual(expected);
  });

  it('bad-json-syntax', () => {
    // The reason after "JSON syntax:" is V8's own wording, which varies between Node versions.
    const [only, ...rest] = problemsOf('bad-json-syntax');
    expect(rest).toEqual([]);
    expect(only).toMatch(new RegExp(`^${FIX}/bad-json-syntax/probes\\.jsonl:2: JSON syntax: .+`));
  });

  it('collects every problem of every file in one error, in file and line order', () => {
    const problems = problemsOf('bad-many');
    expect(problems[1]).toMatch(/^test\/fixtures\/probes\/bad-many\/more\.jsonl:2: JSON syntax: /);
    expect(problems.filter((_, i) => i !== 1)).toEqual([
      `${FIX}/bad-many/more.jsonl:1: probe \`m-3\`: missing field \`expect\``,
      `${FIX}/bad-many/probes.yaml:5: probe \`m-1\`: unknown field \`colour\``,
      `${FIX}/bad-many/probes.yaml:6: probe \`m 2\`: \`id\`: id may only contain letters, digits, ".", "_" and "-"`,
    ]);
  });

  it('InputError carries structured locations', () => {
    try {
      loadProbeSetDir(join(FIX, 'bad-duplicate-id'));
    } catch (err) {
      expect((err as InputError).problems[0]?.location).toEqual({ file: `${FIX}/bad-duplicate-id/b.jsonl`, line: 2 });
    }
    expect.assertions(1);
  });

  it('refuses a set whose probe-set.yaml names another set', () => {
    const dir = join(tempDir(), 'renamed');
    cpSync(join(FIX, 'good'), dir, { recursive: true });
    const messages = (() => {
      try {
        loadProbeSetDir(dir);
        return [];
      } catch (err) {
        return (err as InputError).problems.map((p) => `${p.location?.line}: ${p.message}`);
      }
    })();
    expect(messages).toEqual(['1: name `good` differs from the folder name `renamed`; make them the same']);
  });
});

describe('loadProbeSetDir: good sets', () => {
  it('reads yaml and jsonl files, sorted by id, with each record\'s source line', () => {
    const set = loadProbeSetDir(join(FIX, 'good'));
    expect(set.records.map((r) => r.id)).toEqual(['answer-1', 'cons-1a', 'cons-1b', 'fact-1', 'fact-2', 'refuse-1']);
    expect(set.sourceOf.get('refuse-1')).toEqual({ file: `${FIX}/good/part-a.yaml`, line: 6 });
    expect(set.sourceOf.get('fact-2')).toEqual({ file: `${FIX}/good/part-b.jsonl`, line: 4 });
    expect(set.version).toMatch(/^[0-9a-f]{64}$/);
    expect(set.shortVersion).toBe(set.version.slice(0, 8));
    expect(set.ref).toBe(`good@${set.shortVersion}`);
    expect(set.origin).toBe('files');
  });

  it('tolerates a UTF-8 byte-order mark', () => {
    const set = loadProbeSetDir(join(FIX, 'good-bom'));
    expect(set.records[0]?.id).toBe('bom-1');
    expect(set.sourceOf.get('bom-1')?.line).toBe(1);
  });
});

describe('version', () => {
  const base = (): string => {
    const dir = join(tempDir(), 'good');
    cpSync(join(FIX, 'good'), dir, { recursive: true });
    return dir;
  };
  const original = loadProbeSetDir(join(FIX, 'good')).version;

  it('does not change when records are reordered', () => {
    const dir = base();
    const lines = readFileSync(join(dir, 'part-b.jsonl'), 'utf8').split('\n').filter((l) => l.trim() !== '');
    writeFileSync(join(dir, 'part-b.jsonl'), lines.reverse().join('\n') + '\n');
    expect(loadProbeSetDir(dir).version).toBe(original);
  });

  it('does not change when records are split across other files, or the files reformatted', () => {
    const dir = base();
    const all = loadProbeSetDir(dir).records;
    rmSync(join(dir, 'part-a.yaml'));
    rmSync(join(dir, 'part-b.jsonl'));
    // Keys in another order, one record per file, and a mix of formats.
    all.forEach((r, i) => {
      const shuffled = Object.fromEntries(Object.entries(r).reverse());
      if (i % 2 === 0) writeFileSync(join(dir, `r${i}.jsonl`), JSON.stringify(shuffled) + '\n');
      else writeFileSync(join(dir, `r${i}.yaml`), `- ${JSON.stringify(shuffled)}\n`);
    });
    expect(loadProbeSetDir(dir).version).toBe(original);
  });

  it('changes with any change of content', () => {
    const dir = base();
    const path = join(dir, 'part-a.yaml');
    writeFileSync(path, readFileSync(path, 'utf8').replace('answer: Canberra', 'answer: Sydney'));
    const changedAnswer = loadProbeSetDir(dir).version;
    expect(changedAnswer).not.toBe(original);
    writeFileSync(path, readFileSync(path, 'utf8').replace('lang: en', 'lang: en-GB'));
    expect(loadProbeSetDir(dir).version).not.toBe(changedAnswer);
  });

  it('ignores probe-set.yaml description (the version is the records)', () => {
    const dir = base();
    writeFileSync(join(dir, 'probe-set.yaml'), 'name: good\ndescription: a new description\n');
    expect(loadProbeSetDir(dir).version).toBe(original);
  });
});
