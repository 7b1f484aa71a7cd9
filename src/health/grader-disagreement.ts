import { pct } from './flaky.js';
import type { PairOutcome } from './outcomes.js';
import type { GraderDisagreementFinding, HealthOptionsResolved } from './types.js';

/**
 * Probes on which a rule grader and the judge grading the same thing (metrics' comparable pairs)
 * often label one reply differently. Both read the same reply against the same expectation, so
 * frequent disagreement points at an expectation two careful readers understand differently.
 * Reported from `disagreementRate` on, with at least `minEvaluations` replies both scored.
 */
export function graderDisagreement(
  pairs: readonly PairOutcome[],
  opts: Pick<HealthOptionsResolved, 'disagreementRate' | 'minEvaluations'>,
): GraderDisagreementFinding[] {
  const out: GraderDisagreementFinding[] = [];
  for (const o of pairs) {
    if (o.both < opts.minEvaluations) continue;
    const rate = o.differ / o.both;
    if (rate < opts.disagreementRate) continue;
    out.push({
      kind: 'grader-disagreement', probes: [o.probe], action: 'rewrite', rule: o.rule, judge: o.judge, rate, n: o.both,
      summary: `${o.rule} and ${o.judge} disagree on ${o.differ} of ${o.both} replies (${pct(rate)}): make the expected answer/decision unambiguous`,
    });
  }
  return out.sort((a, b) => b.rate - a.rate || b.n - a.n || a.probes[0].localeCompare(b.probes[0]));
}
