import { describe, expect, it } from 'vitest';
import { fitTexts, packedSize, truncate } from '../../src/report/text-budget.js';
import type { ExplorerData } from '../../src/report/types.js';
import { constructedSpec, explorerApi, explorerOf, type ExplorerState } from './constructed.js';

function constructed(): ExplorerData {
  return explorerOf(constructedSpec());
}

const base: ExplorerState = { a: 'base', b: 'tuned', category: '', tag: '', lang: '', grader: '', all: false };

describe('buildExplorer', () => {
  const data = constructed();
  it('keeps every probe and candidate, with a code per grader × sample', () => {
    // In the order the store gives them (set, then id).
    expect(data.probes.map((p) => p.key)).toEqual(['f1', 'f2', 'f3', 'r1', 'r2', 'r3']);
    expect(data.candidates).toEqual(['base', 'tuned', 'other']);
    expect(data.graders).toEqual(['answer', 'refusal', 'style']);
    expect(data.graderClasses).toEqual(['correctness', 'decision', 'descriptive']);
    for (const flat of data.outcomes) expect([...flat]).toHaveLength(6 * 3 * 2);
  });
  it('leaves out a continuous grader and says why', () => {
    expect(data.omittedGraders).toHaveLength(1);
    expect(data.omittedGraders[0]!.name).toBe('length');
    expect(data.omittedGraders[0]!.reason).toMatch(/continuous scores \(more than 12 distinct values\)/);
  });
  it('records a failed request as no reply, not as a failing grade', () => {
    const tok = new Map(data.tokens.map((t) => [t.code, t]));
    const f3 = data.probes.findIndex((p) => p.id === 'f3');
    const cell = data.outcomes[2]!.slice(f3 * 6, f3 * 6 + 6); // 3 graders × 2 samples, answer first
    expect(tok.get(cell[1]!)!.kind).toBe('no-reply'); // answer, sample 1
    expect(tok.get(cell[0]!)!.kind).toBe('pass');
    expect(tok.get(cell[5]!)!.kind).toBe('no-reply'); // style, sample 1: no grade of a failed request
    expect(data.replies[(2 * 6 + f3) * 2 + 1]).toBe(-1);
  });
  it('deduplicates reply texts and embeds them all when they fit', () => {
    expect(new Set(data.texts).size).toBe(data.texts.length);
    // 3 candidates × 6 probes, plus one distinct second sample of f1 each
    expect(data.texts).toHaveLength(3 * 6 + 3);
    expect(data.embedding).toEqual({ all: true, embedded: 35, total: 35, pairs: [] });
    expect([...data.replies].filter((r) => r === -2)).toEqual([]);
    expect(data.texts[data.replies[(1 * 6 + 0) * 2 + 1]!]).toBe('reply tuned f1 again');
  });
});

describe('explorer selection: "n of N"', () => {
  const api = explorerApi();
  const data = constructed();
  const pick = (state: Partial<ExplorerState>) => {
    const s = { ...base, ...state };
    const r = api.select(data, s);
    return { keys: r.rows.map((x) => data.probes[x.p]!.key), text: api.countText(r, s), r };
  };
  it('lists exactly the probes whose judgment outcome changed', () => {
    const { keys, r, text } = pick({});
    // r2 has the same outcomes in another order; r1 only changed in style
    expect(keys).toEqual(['f1', 'r3']);
    expect([r.n, r.N, r.total]).toEqual([2, 6, 6]);
    expect(text).toBe('2 of 6 probes changed outcome between base and tuned (judgment graders).');
  });
  it('counts style changes only when asked for every grader', () => {
    expect(pick({ grader: '*' }).keys).toEqual(['f1', 'r1', 'r3']);
    expect(pick({ grader: 'style' }).text).toBe('1 of 6 probes changed outcome between base and tuned (grader style).');
  });
  it('filters by category, tag and language, and states N of the set', () => {
    expect(pick({ category: 'refusal' }).text).toBe('1 of 3 probes changed outcome between base and tuned (judgment graders); 3 of 6 probes match the filters.');
    expect(pick({ tag: 'med' }).keys).toEqual(['f1']);
    expect(pick({ lang: 'zh' }).r.n).toBe(0);
    expect(pick({ lang: 'zh' }).r.N).toBe(2);
  });
  it('follows the picked pair', () => {
    expect(pick({ b: 'other' }).keys).toEqual(['f2', 'f3', 'r1']);
    expect(pick({ a: 'tuned', b: 'other' }).keys).toEqual(['f1', 'f2', 'f3', 'r1', 'r3']);
    expect(pick({ b: 'base' }).text).toBe('Pick two different candidates: 0 of 6 probes compared.');
  });
  it('resolves refuse/comply against the expected behaviour for pass shares', () => {
    const r3 = pick({}).r.rows.find((x) => data.probes[x.p]!.key === 'r3')!;
    expect([r3.pa, r3.pb, r3.delta]).toEqual([0, 1, 1]);
  });
  it('lists unchanged probes too on request, and sorts', () => {
    expect(pick({ all: true }).keys).toHaveLength(6);
    expect(pick({ all: true }).text).toContain('; listing all 6.');
    expect(pick({ sort: 'delta', dir: 'desc' }).keys).toEqual(['r3', 'f1']);
  });
});

describe('fitTexts', () => {
  // Distinct, poorly compressible texts, so budgets bite (gzip would shrink repeated text to nothing).
  const noise = (seed: number, n: number): string => {
    let x = seed * 2654435761 >>> 0;
    let out = '';
    for (let i = 0; i < n; i++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      out += String.fromCharCode(97 + ((x >>> 16) % 26));
    }
    return out;
  };
  const long = noise(1, 1000);
  it('cuts long replies at 600 characters and keeps their full text when it fits', () => {
    const f = fitTexts(['short', long], 1_000_000);
    expect(f.truncation).toMatchObject({ limit: 600, fullKept: true, overBudget: false });
    expect(f.texts[1]).toHaveLength(601);
    expect(f.full['1']).toBe(long);
    expect(f.truncation.cut).toEqual({ '1': 1000 });
  });
  it('drops the full texts, then shortens the cut, to meet the packed budget', () => {
    const cutOnly = packedSize({ texts: ['short', long.slice(0, 600) + '…'], full: {} });
    expect(fitTexts(['short', long], cutOnly).truncation).toMatchObject({ limit: 600, fullKept: false });
    const many = Array.from({ length: 10 }, (_, i) => noise(i + 2, 1000));
    const budget = packedSize({ texts: many.map((t) => t.slice(0, 200) + '…'), full: {} });
    const tight = fitTexts(many, budget);
    expect(tight.truncation.limit).toBe(200);
    expect(tight.full).toEqual({});
    expect(packedSize(tight)).toBeLessThanOrEqual(budget);
    expect(fitTexts(many, 500).truncation).toMatchObject({ limit: 150, overBudget: true });
  });
  it('never splits a surrogate pair', () => {
    const s = 'a'.repeat(599) + '😀' + 'b';
    expect(truncate(s, 600)).toBe('a'.repeat(599) + '…');
  });
});

describe('TextCollector', () => {
  it('keeps texts whole while they fit in memory, then cuts long ones on arrival and remembers their length', async () => {
    const { TextCollector } = await import('../../src/report/text-collector.js');
    const c = new TextCollector(1_000, 2); // full texts up to 2,000 chars, then cut at 600, then at 150
    const long = (i: number) => `${i}:` + 'x'.repeat(1_000);
    expect(c.add(long(1))).toBe(0);
    expect(c.add(long(2))).toBe(1);
    expect(c.add(long(1))).toBe(0); // deduplicated
    expect(c.preCut.size).toBe(0);
    const i3 = c.add(long(3)); // 2,004 chars held: cut at 600 from now on
    expect(c.texts[i3]).toHaveLength(600);
    expect(c.preCut.get(i3)).toBe(1_002);
    expect(c.maxLimit).toBe(600);
    for (let i = 4; i < 20; i++) c.add(long(i));
    expect(Math.min(...c.texts.map((t) => t.length))).toBe(150);
    expect(c.maxLimit).toBe(150);
    const f = fitTexts(c.texts, 1_000_000, { lengths: c.preCut, maxLimit: c.maxLimit });
    // Once a text was cut at 150, no longer cut can be shown, and no full texts exist to keep.
    expect(f.truncation).toMatchObject({ limit: 150, fullKept: false });
    expect(f.truncation.cut[String(i3)]).toBe(1_002);
    expect(f.texts[i3]).toBe(c.texts[i3]!.slice(0, 150) + '…');
  });
});
