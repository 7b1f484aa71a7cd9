// The nesting bound every YAML reader of user files goes through (plans, scenarios, probe sets,
// grader packs): exact at the limit, blind to brackets that are text, and linear in the input.
import { LineCounter } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseYamlSource } from '../../src/plan/yaml-source.js';
import { parseYaml } from '../../src/probes/yaml-lines.js';
import { MAX_YAML_DEPTH, parseBoundedDocument } from '../../src/probes/yaml-depth.js';

/** `depth` collections in all: a root map holding `depth - 1` nested flow sequences. */
const nested = (depth: number): string => `x: 1\ny: ${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}\n`;
const TOO_DEEP = `nesting deeper than ${MAX_YAML_DEPTH} levels (collections inside collections)`;

describe('YAML nesting bound', () => {
  it('accepts exactly the limit and refuses one more, at the line of the first too-deep collection', () => {
    expect(parseYamlSource(nested(MAX_YAML_DEPTH), 'ok.yaml').problems).toEqual([]);
    expect(parseYamlSource(nested(MAX_YAML_DEPTH + 1), 'deep.yaml').problems).toEqual([{ location: { file: 'deep.yaml', line: 2 }, message: TOO_DEEP }]);
    const probes = parseYaml(`- id: a\n- id: b\n  expect:\n    ${'- '.repeat(MAX_YAML_DEPTH + 5)}x\n`, 'probes.yaml');
    expect(probes).toEqual({ ok: false, problems: [{ location: { file: 'probes.yaml', line: 4 }, message: TOO_DEEP }] });
  });

  it('brackets inside quoted scalars, block scalars and comments are text, not nesting', () => {
    const brackets = '['.repeat(5 * MAX_YAML_DEPTH);
    const text = `a: "${brackets}"\nb: '${brackets}'\nc: |\n  ${brackets}\n# ${brackets}\nd: [1, [2]]\n`;
    const src = parseYamlSource(text, 'f.yaml');
    expect(src.problems).toEqual([]);
    expect(src.value).toEqual({ a: brackets, b: brackets, c: `${brackets}\n`, d: [1, [2]] });
  });

  it('reports as before what the yaml library reports (syntax, several documents, empty text)', () => {
    expect(parseYamlSource('a: [1, 2\n', 'f.yaml').problems[0]?.message).toMatch(/^YAML syntax: /);
    expect(parseYamlSource('a: 1\n---\nb: 2\n', 'f.yaml').problems).toEqual([
      { location: { file: 'f.yaml', line: 2 }, message: 'YAML syntax: Source contains multiple documents; a file holds one' },
    ]);
    expect(parseYamlSource('', 'f.yaml')).toMatchObject({ value: null, problems: [] });
  });

  it('refuses 100,000 levels quickly, without recursion', () => {
    const t0 = performance.now();
    const r = parseBoundedDocument(nested(100_000), new LineCounter(), {});
    expect(r).toMatchObject({ ok: false, message: TOO_DEEP });
    expect(performance.now() - t0).toBeLessThan(10_000);
  });
});
