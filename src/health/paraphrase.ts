import type { GroupOutcome } from './outcomes.js';
import type { HealthOptionsResolved, InconsistentGroupFinding } from './types.js';

/** A member must differ from the rest of its group by this much (mean outcome) to be named as odd. */
const ODD_GAP = 0.25;

/**
 * Paraphrase groups inconsistent for every candidate: in each evaluation (at least
 * `minEvaluations`), fewer than half the samples got the same decision and correctness from every
 * member. Models vary; when none of them treats the paraphrases alike, the paraphrases are not
 * asking the same thing. In a group of three or more, the member whose outcomes differ most from
 * the others' is named when one stands out (split it off); else the group as a whole needs rewording.
 */
export function inconsistentGroups(
  outcomes: readonly GroupOutcome[],
  membersOf: ReadonlyMap<string, readonly string[]>,
  opts: Pick<HealthOptionsResolved, 'minEvaluations'>,
): InconsistentGroupFinding[] {
  const byGroup = new Map<string, GroupOutcome[]>();
  for (const o of outcomes) if (o.n > 0) byGroup.set(o.group, [...(byGroup.get(o.group) ?? []), o]);
  const out: InconsistentGroupFinding[] = [];
  for (const [group, list] of byGroup) {
    if (list.length < opts.minEvaluations) continue;
    const agreements = list.map((o) => o.coherent / o.n);
    const maxAgreement = Math.max(...agreements);
    if (maxAgreement >= 0.5) continue;
    const members = [...(membersOf.get(group) ?? [])];
    const odd = oddMember(list, members);
    const where = `fewer than half of the samples coherent for every one of ${list.length} evaluations (best ${Math.round(maxAgreement * 100)}%)`;
    out.push({
      kind: 'inconsistent-group', group, probes: members, evaluations: list.length, maxAgreement, odd,
      action: odd ? 'split' : 'rewrite',
      summary: odd
        ? `paraphrases disagree, ${where}; ${odd} reads differently from the others: split it off or reword it`
        : `paraphrases disagree, ${where}: they do not ask the same thing; reword them`,
    });
  }
  return out.sort((a, b) => a.maxAgreement - b.maxAgreement || a.group.localeCompare(b.group));
}

function oddMember(list: readonly GroupOutcome[], members: readonly string[]): string | null {
  const mean = new Map<string, number>();
  for (const id of members) {
    const xs = list.map((o) => o.members[id]).filter((x): x is number => x !== null && x !== undefined);
    if (xs.length > 0) mean.set(id, xs.reduce((a, b) => a + b, 0) / xs.length);
  }
  // With two members either could be the odd one: only a larger group can point at one.
  if (mean.size < 3) return null;
  let best: string | null = null;
  let bestGap = ODD_GAP;
  for (const [id, m] of mean) {
    const others = [...mean].filter(([o]) => o !== id).map(([, v]) => v);
    const gap = Math.abs(m - others.reduce((a, b) => a + b, 0) / others.length);
    if (gap >= bestGap) {
      best = id;
      bestGap = gap;
    }
  }
  return best;
}
