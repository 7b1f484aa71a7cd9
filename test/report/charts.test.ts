import { describe, expect, it } from 'vitest';
import { dualAxisChart } from '../../src/report/charts/dual-axis.js';
import { rankHeatmap } from '../../src/report/charts/heatmap.js';
import { lineBandChart } from '../../src/report/charts/line-bands.js';
import { paramEffectChart } from '../../src/report/charts/param-effect.js';
import { spreadSummary, stripChart } from '../../src/report/charts/strip.js';
import { esc, ticks } from '../../src/report/charts/svg.js';
import { assertWellFormedXml, countPoints } from './xml.js';

const NASTY = `<b onmouseover="x">&'"</b>`;
const NASTY_ESCAPED = '&lt;b onmouseover=&quot;x&quot;&gt;&amp;&#39;&quot;&lt;/b&gt;';

describe('svg helpers', () => {
  it('escapes all five markup characters', () => {
    expect(esc(NASTY)).toBe(NASTY_ESCAPED);
  });
  it('gives round ticks inside the domain', () => {
    expect(ticks([0, 1], 4)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(ticks([0.42, 0.61], 4)).toEqual([0.45, 0.5, 0.55, 0.6]);
  });
  it('the well-formedness check rejects broken markup', () => {
    expect(() => assertWellFormedXml('<svg><g></svg>')).toThrow(/unexpected/);
    expect(() => assertWellFormedXml('<svg><text>a < b</text></svg>')).toThrow(/not well-formed/);
    expect(() => assertWellFormedXml('<svg><text t="a<b">x</text></svg>')).toThrow(/raw </);
    expect(() => assertWellFormedXml('<svg><text>R&D</text></svg>')).toThrow(/entity/);
    expect(() => assertWellFormedXml('<svg a="1" a="2"/>')).toThrow(/duplicate/);
  });
});

describe('lineBandChart', () => {
  const svg = lineBandChart({
    title: `accuracy ${NASTY}`,
    xLabels: ['base', 'it-1', NASTY, 'it-3', 'it-4'],
    series: [
      { name: 'factuality', points: [0.5, 0.55, null, 0.6, 0.62].map((y) => (y === null ? null : { y, lo: y - 0.05, hi: y + 0.05 })) },
      { name: NASTY, points: [0.3, 0.31, 0.33, 0.35, 0.34].map((y) => ({ y, lo: null, hi: null })) },
    ],
    format: 'pct',
  });
  it('is well-formed SVG with one point per value', () => {
    expect(assertWellFormedXml(svg).root).toBe('svg');
    expect(countPoints(svg)).toBe(9);
  });
  it('draws interval bands only where bounds exist, broken at the gap', () => {
    expect((svg.match(/class="band"/g) ?? []).length).toBe(2);
  });
  it('escapes every label and never contains the raw text', () => {
    expect(svg).not.toContain(NASTY);
    expect(svg).toContain(NASTY_ESCAPED);
  });
  it('puts values and intervals in the point tooltips', () => {
    expect(svg).toContain('factuality · it-1: 55% (95% CI 50%–60%)');
  });
});

describe('dualAxisChart', () => {
  const loss = Array.from({ length: 30 }, (_, i) => ({ step: (i + 1) * 10, y: 2 - i * 0.05 }));
  const spec = {
    title: 'run r1',
    loss: [{ name: 'training loss', points: loss }, { name: 'validation loss', points: [{ step: 100, y: 1.8 }, { step: 300, y: 1.2 }] }],
    risk: [
      { name: 'refusal.harmful_refusal_rate', points: [100, 200, 300].map((step, i) => ({ step, y: 0.9 - i * 0.1, lo: 0.8 - i * 0.1, hi: 0.95 - i * 0.1, label: `ckpt-${step}` })) },
      { name: 'consistency.agreement', points: [100, 200, 300].map((step) => ({ step, y: 0.7, lo: null, hi: null, label: NASTY })) },
    ],
    riskFormat: 'pct' as const,
    divergenceStep: 200,
  };
  it('is well-formed, with the risk points and both loss curves', () => {
    const svg = dualAxisChart(spec);
    assertWellFormedXml(svg);
    expect(countPoints(svg)).toBe(6);
    expect((svg.match(/class="line loss"/g) ?? []).length).toBe(2);
    expect((svg.match(/class="ci"/g) ?? []).length).toBe(3);
    expect(svg).not.toContain(NASTY);
  });
  it('marks the divergence step from the signal', () => {
    const svg = dualAxisChart(spec);
    expect(svg).toContain('divergence from step 200');
    const x = /<line class="divergence" x1="([\d.]+)"/.exec(svg);
    // step 200 of 10..300 on a 520-wide chart with 46-px margins
    expect(Number(x?.[1])).toBeCloseTo(46 + ((200 - 10) / 290) * (520 - 92), 1);
    expect(dualAxisChart({ ...spec, divergenceStep: null })).not.toContain('class="divergence"');
  });
});

describe('stripChart', () => {
  const rows = [
    { label: 'lr=1e-4, rank=8', seeds: [{ name: 's1', y: 0.6 }, { name: 's2', y: 0.7 }, { name: 's3', y: 0.65 }] },
    { label: NASTY, seeds: [{ name: 's1', y: 0.62 }, { name: 's2', y: 0.64 }] },
    { label: 'base', seeds: [{ name: 'base', y: 0.5 }] },
  ];
  it('summarises the seed spread against the range of configuration means', () => {
    const s = spreadSummary(rows);
    expect(s.maxSeedSpread).toBeCloseTo(0.1, 10);
    expect(s.betweenConfigurations).toBeCloseTo(0.65 - 0.5, 10);
  });
  it('draws one dot per seed and one mean bar per configuration', () => {
    const svg = stripChart({ title: 'factuality', format: 'pct', rows });
    assertWellFormedXml(svg);
    expect(countPoints(svg)).toBe(6);
    expect((svg.match(/class="mean"/g) ?? []).length).toBe(3);
    expect(svg).toContain('widest seed spread: 10.0 pts');
    expect(svg).toContain('range of configuration means: 15.0 pts');
    expect(svg).not.toContain(NASTY);
  });
});

describe('rankHeatmap', () => {
  const svg = rankHeatmap({
    title: 'ranks',
    rows: ['a', 'b', NASTY],
    columns: ['factuality.accuracy', 'refusal.harmful_refusal_rate'],
    cells: [[{ rank: 1, value: '80%' }, { rank: 3, value: '50%' }], [{ rank: 2, value: '70%' }, { rank: 1, value: '90%' }], [{ rank: 3, value: '60%' }, null]],
  });
  it('has a cell per configuration × category with the rank as text', () => {
    assertWellFormedXml(svg);
    expect((svg.match(/<rect class="cell/g) ?? []).length).toBe(6);
    const texts = [...svg.matchAll(/<text class="cell-text"[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    expect(texts).toEqual(['★ 1', '3', '2', '★ 1', '3', '–']);
    expect(svg).not.toContain(NASTY);
  });
  it('colours rank 1 darkest and the last rank lightest', () => {
    expect(svg).toContain('fill="#08306b"><title>a · factuality.accuracy: rank 1 of 3');
    expect(svg).toContain('fill="#fff7bc"><title>a · refusal.harmful_refusal_rate: rank 3 of 3');
  });
});

describe('paramEffectChart', () => {
  it('draws one line per value of the other parameter', () => {
    const svg = paramEffectChart({
      metric: 'factuality.accuracy', param: 'lr', values: ['1e-4', '2e-4', '5e-4'],
      lines: [{ name: 'rank=8', points: [0.6, 0.7, 0.65] }, { name: 'rank=16', points: [0.7, 0.62, null] }],
      format: 'pct',
    });
    assertWellFormedXml(svg);
    expect(svg).toContain('class="chart param-effect"');
    expect((svg.match(/class="line"/g) ?? []).length).toBe(2);
    expect(countPoints(svg)).toBe(5);
    expect(svg).toContain('>lr</text>');
  });
});
