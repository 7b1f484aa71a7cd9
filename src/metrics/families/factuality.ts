import { tally, type ProbeData } from '../probe-data.js';
import type { UnitTally } from '../estimate.js';

/**
 * factuality.accuracy (judgment, higher is better): share of factuality-probe replies graded
 * correct. The answer rule grader decides (exact, contains, regex, numeric; a refusal is incorrect);
 * probes with match: judge take the judge.factuality grade instead. A probe nobody can grade (no
 * judge for match: judge, or no reference) stays in the population and lowers coverage.
 */
export function factualityTallies(probes: readonly ProbeData[]): { 'factuality.accuracy': UnitTally[] } {
  const out: UnitTally[] = [];
  for (const p of probes) {
    if (p.info.category !== 'factuality') continue;
    const t = p.totals;
    out.push(p.info.match === 'judge' ? tally(p, t?.jfN ?? 0, t?.jfSum ?? 0) : tally(p, t?.ansN ?? 0, t?.ansSum ?? 0));
  }
  return { 'factuality.accuracy': out };
}
