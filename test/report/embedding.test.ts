// Which reply texts the page carries when not all of them fit: the changed probes of the pairs the
// verdict names, within the budget, and the page says so.
import { describe, expect, it } from 'vitest';
import { changedProbes } from '../../src/report/changes.js';
import { NOT_EMBEDDED, SELECTION_CUT } from '../../src/report/embed-texts.js';
import { packJson } from '../../src/report/pack.js';
import { defaultPair, namedPairs } from '../../src/report/pairs.js';
import { renderReport } from '../../src/report/render.js';
import { sortById } from '../../src/report/reply-grid.js';
import type { ExplorerData } from '../../src/report/types.js';
import type { Verdict } from '../../src/verdict/schema.js';
import { constructedSpec, explorerApi, explorerOf } from './constructed.js';
import { reportFixture } from './helpers.js';

const summary = (name: string, ordinal: number, baseline = false) =>
  ({ name, ordinal, baseline }) as Parameters<typeof defaultPair>[1][number];
const cands = [summary('base', 0, true), summary('a', 1), summary('b', 2), summary('c', 3)];
const verdict = (v: Partial<Verdict>): Verdict => ({
  experiment: 'x', verdict: 'stop', action: 'freeze', freeze_candidate: null, signals: [], contract: [], freeze_risks: [], ...v,
});

describe('namedPairs', () => {
  it('starts with the explorer default pair: baseline vs freeze candidate, else vs the newest', () => {
    expect(namedPairs(verdict({ freeze_candidate: 'a' }), cands)[0]).toEqual({ a: 'base', b: 'a', why: 'baseline vs freeze candidate' });
    expect(namedPairs(verdict({}), cands)).toEqual([{ a: 'base', b: 'c', why: 'baseline vs newest candidate' }]);
    expect(defaultPair(['x', 'y'], [summary('x', 0), summary('y', 1)], null)).toEqual({ a: 'x', b: 'y', why: 'first candidate vs newest candidate' });
  });
  it('adds freeze vs newest, contract pairs and the pairs fired signals cite, once each', () => {
    const v = verdict({
      freeze_candidate: 'a',
      contract: [
        { metric: 'factuality.accuracy', rule: 'must_improve', ok: false, delta: 0, interval: null, candidate: 'c', against: 'base' },
        { metric: 'refusal.over_refusal_rate', rule: 'must_not_regress', ok: true, delta: 0, interval: null, candidate: 'a', against: 'base' },
      ],
      signals: [
        { id: 'irreproducible', fired: true, severity: 'stop', summary: '', evidence: { flips: [{ from: 'a', to: 'b', metric: 'm' }], x: { change: { a: 'b', b: 'c' } } } },
        { id: 'no-objective', fired: false, severity: 'info', summary: '', evidence: { from: 'base', to: 'b' } },
        { id: 'parameter-coupling', fired: true, severity: 'warn', summary: '', evidence: { from: 'nobody', to: 'a' } },
      ],
    });
    expect(namedPairs(v, cands).map((p) => `${p.a}>${p.b} ${p.why}`)).toEqual([
      'base>a baseline vs freeze candidate',
      'a>c freeze candidate vs newest candidate',
      'base>c contract: factuality.accuracy',
      'a>b signal irreproducible',
      'b>c signal irreproducible',
    ]);
    expect(namedPairs(v, cands, 2)).toHaveLength(2);
  });
});

describe('changedProbes', () => {
  it('lists the same probes the page lists for every pair, largest change first', () => {
    const data = explorerOf(constructedSpec());
    const api = explorerApi();
    for (const a of data.candidates) {
      for (const b of data.candidates) {
        const page = api.select(data, { a, b, category: '', tag: '', lang: '', grader: '', all: false });
        const ours = changedProbes(data, a, b);
        expect(ours.map((c) => c.p).sort()).toEqual(page.rows.map((r) => r.p).sort());
        for (const c of ours) expect(c.delta).toBe(page.rows.find((r) => r.p === c.p)!.delta);
        const mags = ours.map((c) => (c.delta === null ? -1 : Math.abs(c.delta)));
        expect(mags).toEqual([...mags].sort((x, y) => y - x));
      }
    }
  });
});

describe('reply texts when the budget cannot hold them all', () => {
  // 8 candidates × 80 probes × 3 samples of ~400 distinct characters: ~300 KB packed in full.
  const budget = 40_000;
  const f = reportFixture({ candidates: 8, probes: 80, repeats: 3, replyChars: 400, textBudget: budget, payloads: false });
  const x = f.data.explorer;
  const slot = (c: number, p: number, s: number) => (c * x.probes.length + p) * x.samples + s;
  const withText = (c: number, p: number) => [0, 1, 2].every((s) => x.replies[slot(c, p, s)]! >= 0);

  it('embeds a selection within the budget and says so', () => {
    expect(x.embedding.all).toBe(false);
    expect(x.embedding.total).toBe(8 * 80 * 3);
    expect(x.embedding.embedded).toBeGreaterThan(50);
    expect(x.embedding.embedded).toBeLessThan(x.embedding.total / 2);
    expect([...x.replies].filter((r) => r >= 0)).toHaveLength(x.embedding.embedded);
    expect(packJson(x.texts).length).toBeLessThanOrEqual(budget);
    expect(x.truncation).toMatchObject({ limit: SELECTION_CUT, fullKept: false, overBudget: false });
    expect(Math.max(...x.texts.map((t) => t.length))).toBeLessThanOrEqual(SELECTION_CUT + 1);
  });

  it('serves the pairs the verdict names, largest change first, each in turn', () => {
    // The fixture verdict freezes the second candidate; its contract compares the newest with base.
    const [first, second, third] = x.embedding.pairs;
    expect([first, second, third].map((p) => `${p!.a}>${p!.b}`)).toEqual(['base>lr1e-4-r8-s1', 'lr1e-4-r8-s1>ckpt-200', 'base>ckpt-200']);
    for (const pair of x.embedding.pairs) {
      const ia = x.candidates.indexOf(pair.a);
      const ib = x.candidates.indexOf(pair.b);
      const changes = changedProbes(x, pair.a, pair.b);
      expect(pair.changed).toBe(changes.length);
      expect(pair.withText).toBe(changes.filter((c) => withText(ia, c.p) && withText(ib, c.p)).length);
      expect(pair.withText).toBeGreaterThan(0);
      expect(pair.withText).toBeLessThan(pair.changed);
      // The largest changes are the ones with texts: the pairs take turns rank by rank, so each pair's
      // top changes are all served (a later one may be served too, through another pair).
      const served = changes.map((c) => withText(ia, c.p) && withText(ib, c.p));
      expect(served.indexOf(false)).toBeGreaterThanOrEqual(Math.floor(pair.withText / 2));
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
      const mag = changes.map((c) => Math.abs(c.delta ?? 0));
      expect(mean(mag.filter((_, i) => served[i]))).toBeGreaterThan(mean(mag.filter((_, i) => !served[i])));
    }
  });

  it('keeps no text of a candidate no named pair mentions', () => {
    const named = new Set(x.embedding.pairs.flatMap((p) => [p.a, p.b]));
    const others = x.candidates.map((n, i) => [n, i] as const).filter(([n]) => !named.has(n));
    expect(others.length).toBeGreaterThan(0);
    for (const [, c] of others) for (let p = 0; p < x.probes.length; p++) for (let s = 0; s < 3; s++) expect(x.replies[slot(c, p, s)]).toBe(NOT_EMBEDDED);
  });

  it('states on the page what is embedded and how to get the rest', () => {
    const html = renderReport(f.data);
    expect(html).toContain(`the texts of ${x.embedding.embedded.toLocaleString('en-US')} replies are embedded`);
    expect(html).toMatch(/<li><span class="mono">base → lr1e-4-r8-s1<\/span> \(baseline vs freeze candidate\): texts for \d+ of \d+ changed probes<\/li>/);
    expect(html).toContain('<code id="export-command">stoppoint export fixture</code>');
    expect(Buffer.byteLength(html)).toBeLessThan(budget + 300_000);
  });

  it('lists every changed probe and counts those with texts', () => {
    const api = explorerApi();
    const state = { a: 'base', b: 'lr1e-4-r8-s1', category: '', tag: '', lang: '', grader: '', all: false };
    const r = api.select(x, state);
    expect(r.n).toBe(x.embedding.pairs[0]!.changed);
    expect(r.withText).toBe(x.embedding.pairs[0]!.withText);
    expect(api.countText(r, state)).toMatch(new RegExp(`; reply texts in this page for ${r.withText} of the ${r.n} listed\\.$`));
    const only = api.select(x, { ...state, texts: true });
    expect(only.rows).toHaveLength(r.withText);
    expect(only.rows.every((row) => withText(0, row.p) && withText(1, row.p))).toBe(true);
    expect(api.countText(only, { ...state, texts: true })).toContain(`; listing the ${r.withText} whose reply texts are in this page.`);
  });

  it('embeds every reply, as before, when the budget holds them', () => {
    const all = reportFixture({ candidates: 8, probes: 80, repeats: 3, replyChars: 400, payloads: false }).data.explorer;
    expect(all.embedding).toMatchObject({ all: true, embedded: 8 * 80 * 3, total: 8 * 80 * 3, pairs: [] });
    expect([...all.replies].every((r) => r >= 0)).toBe(true);
    expect(all.truncation.limit).toBe(600);
  });
});

describe('reading grades', () => {
  it('reads labels holding the packing separators exactly (row by row for that range)', () => {
    const spec = constructedSpec();
    const odd = 'odd\u001elabel\u001fwith separators';
    spec.replies[0]!.grades.push(['judge', 'scored', odd, 1]);
    spec.replies[1]!.grades.push(['judge', 'scored', 'fine', 0]);
    const data: ExplorerData = explorerOf(spec);
    expect(data.graders).toContain('judge');
    expect(data.tokens.filter((t) => t.grader === 'judge').map((t) => t.label).sort()).toEqual(['fine', odd]);
    // Every other grade reads as it does when everything goes through the packed path.
    const decode = (d: ExplorerData): string[] => {
      const tok = new Map(d.tokens.map((t) => [t.code, t]));
      const k = d.samples;
      return d.outcomes.flatMap((o) => d.probes.flatMap((_, p) => d.graders.flatMap((g, gi) => (g === 'judge' ? [] :
        Array.from({ length: k }, (_, s) => `${g}:${tok.get(o[(p * d.graders.length + gi) * k + s]!)!.label}`)))));
    };
    expect(decode(data)).toEqual(decode(explorerOf(constructedSpec())));
  });
  it('orders (id, slot) pairs by id, dense or scattered', () => {
    const dense = sortById(Float64Array.from([5, 3, 4, 9]), Int32Array.from([0, 1, 2, 3]));
    expect([...dense.ids, ...dense.slots]).toEqual([3, 4, 5, 9, 1, 2, 0, 3]);
    const sparse = sortById(Float64Array.from([1e9, 3, 7e6]), Int32Array.from([0, 1, 2]));
    expect([...sparse.ids, ...sparse.slots]).toEqual([3, 7e6, 1e9, 1, 2, 0]);
  });
});
