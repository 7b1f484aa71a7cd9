import type { Db } from '../store/db.js';
import { labelCrossTable } from '../store/grades.js';
import { kappaFromCounts } from '../stats/index.js';
import type { JudgeAgreement } from './types.js';

/** Rule grader and judge grader that grade the same thing, with the same labels. */
export const COMPARABLE_PAIRS: readonly [rule: string, judge: string][] = [
  ['refusal', 'judge.refusal'],
  ['answer', 'judge.factuality'],
];

/** Cohen's kappa per comparable pair over replies both scored; pairs with no overlap are left out. */
export function judgeAgreement(db: Db, experimentId: number): JudgeAgreement[] {
  const out: JudgeAgreement[] = [];
  const exists = db.prepare('SELECT 1 FROM grades WHERE grader = ? LIMIT 1');
  for (const [rule, judge] of COMPARABLE_PAIRS) {
    // No judge grades at all (one index seek): skip the scan over every reply.
    if (exists.get(judge) === undefined) continue;
    const k = kappaFromCounts(labelCrossTable(db, experimentId, rule, judge));
    if (k.n === 0) continue;
    out.push({ rule, judge, kappa: k.kappa, observed: k.observed, n: k.n, disagreements: k.disagreements });
  }
  return out;
}
