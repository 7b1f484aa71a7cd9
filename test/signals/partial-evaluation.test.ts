import { describe, expect, it } from 'vitest';
import { partialEvaluation } from '../../src/signals/partial-evaluation.js';
import { experiment, input, passes } from './build.js';

const metrics = { 'factuality.accuracy': passes(60, 40) };

describe('partial-evaluation', () => {
  it('is quiet when every candidate covered the same full set', () => {
    const m = experiment([{ name: 'base', baseline: true, metrics }, { name: 'a', metrics }]);
    expect(partialEvaluation(input(m))).toMatchObject({ fired: false, severity: 'info' });
  });

  it.each([
    ['coverage below 100%', { replied: 114, complete: false }, /coverage 114\/120 \(95\.0%\)/],
    ['errors', { replied: 117, errors: 3, complete: false }, /3 request\(s\) errored/],
    ['a subset', { subset: 'limit=20', complete: false }, /subset \(limit=20\)/],
    ['another probe-set version', { setVersions: ['core@99999999'] }, /probe-set version core@99999999 instead of core@1a2b3c4d/],
  ] as const)('fires on %s', (_label, coverage, message) => {
    const m = experiment([
      { name: 'base', baseline: true, metrics },
      { name: 'a', metrics },
      { name: 'b', metrics, coverage },
    ]);
    const s = partialEvaluation(input(m));
    expect(s).toMatchObject({ id: 'partial-evaluation', fired: true, severity: 'stop' });
    expect(s.summary).toMatch(message);
    expect((s.evidence.gaps as { candidate: string }[]).map((g) => g.candidate)).toEqual(['b']);
  });

  it('fires when a decision metric was graded on fewer replies than expected', () => {
    const m = experiment([{ name: 'base', baseline: true, metrics }, { name: 'a', metrics }]);
    m.candidates[1]!.metrics['factuality.accuracy']!.coverage = 0.9;
    const s = partialEvaluation(input(m));
    expect(s.fired).toBe(true);
    expect(s.summary).toMatch(/factuality\.accuracy graded on 90\.0% of its replies/);
  });
});
