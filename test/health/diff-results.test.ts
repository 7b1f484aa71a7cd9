import { describe, expect, it } from 'vitest';
import { diffWithResults } from '../../src/health/diff-results.js';
import { recordsVersion } from '../../src/probes/canonical.js';
import type { ProbeRecord } from '../../src/probes/schema.js';
import { openWorkspace } from '../../src/workspace.js';
import { tempDir } from '../helpers/tmp.js';
import { buildHealthStore, type SampleGrades } from './store.js';

const fact = (id: string, answer: string): ProbeRecord => ({
  id, category: 'factuality', prompt: `Question ${id}?`, expect: { behavior: 'answer', answer, match: 'contains' }, lang: 'en',
});
const A = [fact('p1', 'one'), fact('p2', 'two'), fact('p3', 'three')];
// p2's reference fixed, p3 removed, p4 added
const B = [fact('p1', 'one'), fact('p2', 'deux'), fact('p4', 'four')];
const at = (r: ProbeRecord[]): string => `core@${recordsVersion(r).slice(0, 8)}`;
const g = (...xs: (0 | 1)[]): SampleGrades[] => xs.map((answer) => ({ answer, refusal: 'comply' }));

describe('diffWithResults', () => {
  const db = buildHealthStore([A, B], ['c', 'old'], [
    { candidate: 'c', version: 0, repeats: 2, samples: { p1: g(1, 1), p2: g(0, 0), p3: g(1, 1) } },
    { candidate: 'old', version: 0, repeats: 2, samples: { p1: g(0, 1), p2: g(1, 1), p3: g(0, 0) } },
    { candidate: 'c', version: 1, repeats: 2, samples: { p1: g(1, 0), p2: g(1, 1), p4: g(0, 0) } },
  ]);
  const d = diffWithResults(db, openWorkspace(tempDir()), at(A), at(B));

  it('lists the edit as probes diff does', () => {
    expect({ added: d.added, removed: d.removed, changed: d.changed.map((c) => c.id) }).toEqual({ added: ['p4'], removed: ['p3'], changed: ['p2'] });
  });

  it('splits the move of a metric into removed, changed, added and rerun steps that add up', () => {
    // A: 4 of 6 correct; B: 3 of 6. Steps by hand:
    // drop p3 -> 2/4 (-1/6); p2 from B -> 4/4 (+1/2); add p4 -> 4/6 (-1/3); p1 rerun 2/2 -> 1/2 -> 3/6 (-1/6)
    expect(d.results.candidates.map((c) => c.candidate)).toEqual(['c']);
    const m = d.results.metrics.find((x) => x.metric === 'factuality.accuracy')!;
    expect(m.from).toBeCloseTo(4 / 6, 12);
    expect(m.to).toBeCloseTo(3 / 6, 12);
    expect(m.delta).toBeCloseTo(-1 / 6, 12);
    expect(m.parts.removed).toBeCloseTo(-1 / 6, 12);
    expect(m.parts.changed).toBeCloseTo(1 / 2, 12);
    expect(m.parts.added).toBeCloseTo(-1 / 3, 12);
    expect(m.parts.rerun).toBeCloseTo(-1 / 6, 12);
    const sum = m.parts.removed! + m.parts.changed! + m.parts.added! + m.parts.rerun!;
    expect(sum).toBeCloseTo(m.delta!, 12);
  });

  it('gives each edited probe its own effect, largest first', () => {
    const m = d.results.metrics.find((x) => x.metric === 'factuality.accuracy')!;
    expect(m.probes.map((p) => [p.change, p.unit])).toEqual([['~', 'p2'], ['+', 'p4'], ['-', 'p3']]);
    const [p2, p4, p3] = m.probes;
    expect(p2!.effect).toBeCloseTo(1 / 2, 12);
    expect([p2!.from, p2!.to]).toEqual([0, 1]);
    expect(p4!.effect).toBeCloseTo(-1 / 3, 12);
    expect([p4!.from, p4!.to]).toEqual([null, 0]);
    expect(p3!.effect).toBeCloseTo(-1 / 6, 12);
  });

  it('for a candidate run on one version, gives the value on the probes the edit left alone', () => {
    // old: 3 of 6 on A; on p1 alone (unchanged by the edit) 1 of 2
    const old = d.results.onlyFrom.find((c) => c.candidate === 'old')!;
    expect(old.metrics.find((m) => m.metric === 'factuality.accuracy')).toEqual({ metric: 'factuality.accuracy', value: 0.5, unchanged: 0.5 });
    expect(d.results.onlyTo).toEqual([]);
  });

  it('refuses an unknown set', () => {
    expect(() => diffWithResults(db, openWorkspace(tempDir()), at(A), 'nope')).toThrow(/unknown probe set `nope`/);
  });
});
