import { fUpperP } from './tails.js';

/**
 * One-way analysis of variance: do the group means differ by more than the spread inside the groups?
 * For stoppoint, groups are configurations and members are their seeds (replicates): F near 1 means
 * the configurations differ no more than re-running one configuration with another seed does.
 */
export interface OneWayAnova {
  groups: number;
  n: number;
  grandMean: number;
  ssBetween: number;
  ssWithin: number;
  dfBetween: number;
  dfWithin: number;
  msBetween: number;
  /** Pooled within-group variance (the seed variance); null without replicates (dfWithin = 0). */
  msWithin: number | null;
  /** msBetween / msWithin; null when it is undefined (no replicates, or no spread at all). */
  F: number | null;
  p: number | null;
}

export function oneWayAnova(groups: readonly (readonly number[])[]): OneWayAnova {
  const used = groups.filter((g) => g.length > 0);
  const k = used.length;
  const n = used.reduce((s, g) => s + g.length, 0);
  if (k < 2) throw new RangeError(`oneWayAnova: needs at least 2 non-empty groups, got ${k}`);
  const grandMean = used.reduce((s, g) => s + g.reduce((a, b) => a + b, 0), 0) / n;
  let ssBetween = 0;
  let ssWithin = 0;
  for (const g of used) {
    const mean = g.reduce((a, b) => a + b, 0) / g.length;
    ssBetween += g.length * (mean - grandMean) ** 2;
    for (const v of g) ssWithin += (v - mean) ** 2;
  }
  const dfBetween = k - 1;
  const dfWithin = n - k;
  const msBetween = ssBetween / dfBetween;
  const msWithin = dfWithin > 0 ? ssWithin / dfWithin : null;
  let F: number | null = null;
  let p: number | null = null;
  if (msWithin !== null) {
    if (msWithin > 0) {
      F = msBetween / msWithin;
      p = fUpperP(F, dfBetween, dfWithin);
    } else if (msBetween > 0) {
      F = Infinity;
      p = 0;
    }
  }
  return { groups: k, n, grandMean, ssBetween, ssWithin, dfBetween, dfWithin, msBetween, msWithin, F, p };
}
