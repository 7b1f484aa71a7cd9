import { describe, expect, it } from 'vitest';
import { buildReportData } from '../../src/report/data.js';
import { groupConfigurations } from '../../src/report/configurations.js';
import { trainingCurves } from '../../src/report/curves.js';
import { openWorkspace } from '../../src/workspace.js';
import { reportFixture } from './helpers.js';

describe('assembleReportData on a constructed store', () => {
  const f = reportFixture({ candidates: 14, probes: 20, repeats: 2, errors: 0.05 });
  const d = f.data;

  it('keeps every candidate in plan order and every probe of the set', () => {
    expect(d.candidates.map((c) => c.name)).toEqual(f.made.candidates.map((c) => c.name));
    expect(d.explorer.candidates).toEqual(f.made.candidates.map((c) => c.name));
    expect(d.explorer.probes).toHaveLength(20);
    expect(d.explorer.samples).toBe(2);
  });

  it('groups seeds under their configuration and keeps checkpoints apart', () => {
    const multi = d.configurations.filter((c) => c.members.length > 1);
    expect(multi.map((c) => c.members)).toEqual([['lr1e-4-r8-s1', 'lr1e-4-r8-s2'], ['lr1e-4-r16-s1', 'lr1e-4-r16-s2'], ['lr2e-4-r8-s1', 'lr2e-4-r8-s2']]);
    const ckpts = d.configurations.filter((c) => 'step' in c.params);
    expect(ckpts.map((c) => c.members)).toEqual([['ckpt-100'], ['ckpt-200'], ['ckpt-300'], ['ckpt-400']]);
    const cfg = multi[0]!;
    const [a, b] = cfg.members.map((n) => d.candidates.find((c) => c.name === n)!.metrics['factuality.accuracy']!.value!);
    expect(cfg.metrics['factuality.accuracy']!.mean).toBeCloseTo((a! + b!) / 2, 12);
    expect(cfg.metrics['factuality.accuracy']!.min).toBe(Math.min(a!, b!));
  });

  it('merges the training curve of the run and lists its checkpoints by step', () => {
    expect(d.curves).toHaveLength(1);
    const c = d.curves[0]!;
    expect(c.run).toBe('main-run');
    expect(c.checkpoints).toEqual(['ckpt-100', 'ckpt-200', 'ckpt-300', 'ckpt-400']);
    expect(c.points.filter((p) => p.loss !== undefined)).toHaveLength(40); // every 10 steps up to 400
    expect(c.points.filter((p) => p.eval_loss !== undefined).map((p) => p.step)).toEqual([100, 200, 300, 400]);
  });

  it('records every run with its replies and errors', () => {
    expect(d.runs).toHaveLength(14);
    for (const r of d.runs) {
      expect(r.replied + r.errors).toBe(r.expected);
      expect(r.setVersion).toMatch(/^fixture@[0-9a-f]{8}$/);
    }
    expect(d.runs.some((r) => r.errors > 0 && r.status === 'partial')).toBe(true);
  });
});

describe('pure pieces', () => {
  it('a candidate without params or step is its own configuration', () => {
    const f = reportFixture({ candidates: 4, probes: 4 });
    expect(groupConfigurations(f.metrics.candidates).map((c) => c.key)[0]).toBe('baseline:base');
  });
  it('later checkpoints win where merged logs overlap', () => {
    const cands = reportFixture({ candidates: 7, probes: 4 }).metrics.candidates;
    const curves = trainingCurves(cands, [
      { candidate: 'ckpt-100', name: 'loss', step: 10, value: 1 },
      { candidate: 'ckpt-200', name: 'loss', step: 10, value: 2 },
      { candidate: 'ckpt-200', name: 'loss', step: 20, value: 3 },
    ]);
    expect(curves[0]!.points).toEqual([{ step: 10, loss: 2 }, { step: 20, loss: 3 }]);
  });
});

describe('buildReportData with the real metrics and verdict', () => {
  it('computes the verdict from the store and fills every part of the report', () => {
    const f = reportFixture({ candidates: 10, probes: 24, repeats: 2 });
    const data = buildReportData(f.db, openWorkspace(f.dir), f.made.experiment, { now: new Date('2025-01-01T00:00:00Z') });
    expect(['continue', 'stop']).toContain(data.verdict.verdict);
    expect(data.verdict.signals.map((s) => s.id).sort()).toEqual(
      ['irreproducible', 'loss-risk-divergence', 'no-objective', 'parameter-coupling', 'partial-evaluation', 'style-over-judgment'],
    );
    expect(data.candidates).toHaveLength(10);
    expect(data.candidates[0]!.metrics['factuality.accuracy']?.value).toBeTypeOf('number');
    expect(data.explorer.outcomes).toHaveLength(10);
    expect(data.generatedAt).toBe('2025-01-01T00:00:00.000Z');
  });
  it('refuses an unknown experiment as bad input', () => {
    const f = reportFixture({ candidates: 3, probes: 4 });
    expect(() => buildReportData(f.db, openWorkspace(f.dir), 'nope')).toThrow(/no experiment/);
  });
});
