export interface KappaResult {
  /** Cohen's kappa; null when chance agreement is 1 (both raters used one and the same label). */
  kappa: number | null;
  observed: number;
  expected: number;
  n: number;
  /** pairs[i] disagree: indices, so callers can list disagreements. */
  disagreements: number[];
}

/**
 * Cohen's kappa for two raters labelling the same items: κ = (p_o − p_e) / (1 − p_e), with p_e the
 * agreement expected from each rater's label frequencies alone.
 */
export function cohensKappa(first: readonly string[], second: readonly string[]): KappaResult {
  if (first.length !== second.length) throw new RangeError(`cohensKappa: ${first.length} vs ${second.length} labels`);
  const n = first.length;
  if (n === 0) return { kappa: null, observed: NaN, expected: NaN, n: 0, disagreements: [] };
  const countsA = new Map<string, number>();
  const countsB = new Map<string, number>();
  const disagreements: number[] = [];
  let agree = 0;
  for (let i = 0; i < n; i++) {
    const x = first[i]!;
    const y = second[i]!;
    countsA.set(x, (countsA.get(x) ?? 0) + 1);
    countsB.set(y, (countsB.get(y) ?? 0) + 1);
    if (x === y) agree++;
    else disagreements.push(i);
  }
  const observed = agree / n;
  let expected = 0;
  for (const [label, ca] of countsA) expected += (ca / n) * ((countsB.get(label) ?? 0) / n);
  const kappa = expected >= 1 ? null : (observed - expected) / (1 - expected);
  return { kappa, observed, expected, n, disagreements };
}

/** Cohen's kappa from a cross table of counts (label by the first rater, by the second, count). */
export function kappaFromCounts(table: readonly { a: string; b: string; n: number }[]): Omit<KappaResult, 'disagreements'> & {
  disagreements: number;
} {
  let n = 0;
  let agree = 0;
  const rowTotals = new Map<string, number>();
  const colTotals = new Map<string, number>();
  for (const { a, b, n: k } of table) {
    n += k;
    if (a === b) agree += k;
    rowTotals.set(a, (rowTotals.get(a) ?? 0) + k);
    colTotals.set(b, (colTotals.get(b) ?? 0) + k);
  }
  if (n === 0) return { kappa: null, observed: NaN, expected: NaN, n: 0, disagreements: 0 };
  let expected = 0;
  for (const [label, r] of rowTotals) expected += (r / n) * ((colTotals.get(label) ?? 0) / n);
  const observed = agree / n;
  return { kappa: expected >= 1 ? null : (observed - expected) / (1 - expected), observed, expected, n, disagreements: n - agree };
}
