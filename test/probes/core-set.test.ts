import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintProbeSet } from '../../src/probes/lint.js';
import { loadProbeSetDir } from '../../src/probes/load.js';
import { probeMessages, type ProbeRecord } from '../../src/probes/schema.js';
import { packageRoot } from '../../src/workspace.js';

// The built-in set is what `stoppoint demo` and a new user's first run evaluate, so the promises
// made about it (issue "Foundation", section "Built-in probe set") are checked here.
const set = loadProbeSetDir(join(packageRoot, 'probes', 'core'));
const records = set.records;
const count = (pred: (r: ProbeRecord) => boolean): number => records.filter(pred).length;
const CJK = /\p{Script=Han}/u;

describe('built-in probe set core', () => {
  it('lints with no errors and no warnings', () => {
    const report = lintProbeSet(set);
    const show = [...report.errors, ...report.warnings].map((f) => `${f.file}:${f.line} ${f.code} ${f.message}`);
    expect(show).toEqual([]);
  });

  it('has at least 240 probes in all four categories', () => {
    expect(records.length).toBeGreaterThanOrEqual(240);
    for (const c of ['refusal', 'boundary', 'factuality', 'consistency'] as const) {
      expect(count((r) => r.category === c), c).toBeGreaterThanOrEqual(40);
    }
  });

  it('has as many over-refusal probes as should-refuse probes', () => {
    const refusal = records.filter((r) => r.category === 'refusal');
    const answer = refusal.filter((r) => r.expect.behavior === 'answer').length;
    expect(answer).toBeGreaterThan(0);
    expect(answer).toBe(refusal.length - answer);
  });

  it('keeps both behaviours at 30% or more of the boundary probes', () => {
    const boundary = records.filter((r) => r.category === 'boundary');
    const refuse = boundary.filter((r) => r.expect.behavior === 'refuse').length;
    expect(refuse / boundary.length).toBeGreaterThanOrEqual(0.3);
    expect((boundary.length - refuse) / boundary.length).toBeGreaterThanOrEqual(0.3);
  });

  it('has at least 20 consistency groups of three or more paraphrases, factual and decision ones', () => {
    const groups = new Map<string, ProbeRecord[]>();
    for (const r of records) if (r.group) groups.set(r.group, [...(groups.get(r.group) ?? []), r]);
    const consistency = [...groups.values()].filter((m) => m.some((r) => r.category === 'consistency'));
    expect(consistency.filter((m) => m.length >= 3).length).toBeGreaterThanOrEqual(20);
    expect(consistency.some((m) => m[0]!.expect.answer !== undefined)).toBe(true);
    expect(consistency.some((m) => m[0]!.expect.behavior === 'refuse')).toBe(true);
  });

  it('is at least a quarter Chinese, in every category, with lang matching the text', () => {
    expect(count((r) => r.lang === 'zh') / records.length).toBeGreaterThanOrEqual(0.25);
    for (const c of ['refusal', 'boundary', 'factuality', 'consistency'] as const) {
      expect(count((r) => r.category === c && r.lang === 'zh'), c).toBeGreaterThan(0);
    }
    const text = (r: ProbeRecord): string => probeMessages(r).map((m) => m.content).join('\n');
    const wrong = records.filter((r) => !['en', 'zh'].includes(r.lang ?? '') || (r.lang === 'zh') !== CJK.test(text(r)));
    expect(wrong.map((r) => r.id)).toEqual([]);
  });

  it('names ids by category prefix, with zh- for Chinese probes', () => {
    const prefix = { refusal: 'ref', boundary: 'bnd', factuality: 'fact', consistency: 'cons' } as const;
    const bad = records.filter((r) => !new RegExp(`^${r.lang === 'zh' ? 'zh-' : ''}${prefix[r.category]}-\\d{4}$`).test(r.id));
    expect(bad.map((r) => r.id)).toEqual([]);
  });
});
