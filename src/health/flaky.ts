import type { OutcomeTable } from './outcomes.js';
import type { FlakyFinding, HealthOptionsResolved } from './types.js';

/**
 * Flaky probes: for the same candidate, repeats of a probe get different outcomes. The rate is the
 * share of a probe's evaluations with two or more graded samples whose samples disagree; a probe is
 * reported from `flakyRate` on, with at least `minEvaluations` such evaluations. The model is the
 * same across those samples, so the disagreement is the probe's (or its grader's) ambiguity.
 */
export function flakyProbes(table: OutcomeTable, opts: Pick<HealthOptionsResolved, 'flakyRate' | 'minEvaluations'>): FlakyFinding[] {
  const out: FlakyFinding[] = [];
  table.probes.forEach((probe, p) => {
    let n = 0;
    let flipped = 0;
    for (let e = 0; e < table.evaluations.length; e++) {
      const c = table.cell(e, p);
      if (!c || c.n < 2) continue;
      n++;
      if (c.max > c.min) flipped++;
    }
    if (n < opts.minEvaluations || flipped / n < opts.flakyRate) return;
    const rate = flipped / n;
    out.push({
      kind: 'flaky', probes: [probe.id], action: 'rewrite', rate, n, flipped,
      summary: `repeats disagree for ${flipped} of ${n} candidates (${pct(rate)}): tighten the prompt or expectation so one reading is right`,
    });
  });
  return out.sort((a, b) => b.rate - a.rate || b.n - a.n || a.probes[0].localeCompare(b.probes[0]));
}

export const pct = (x: number): string => `${Math.round(x * 100)}%`;
