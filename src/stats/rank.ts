/**
 * Kendall's tau-b between two rankings of the same items, with ties (Kendall 1945):
 *   tau_b = (C − D) / sqrt((n0 − n1)(n0 − n2)),  n0 = n(n−1)/2,
 * n1 / n2 = pairs tied in x / in y. +1 same order, −1 reversed order; null when either
 * ranking is constant (no pair can be ordered). O(n²): meant for a handful of configurations.
 */
export interface KendallTau {
  tau: number | null;
  n: number;
  concordant: number;
  discordant: number;
  tiedX: number;
  tiedY: number;
}

export function kendallTauB(x: readonly number[], y: readonly number[]): KendallTau {
  if (x.length !== y.length) throw new RangeError(`kendallTauB: ${x.length} x values but ${y.length} y values`);
  const n = x.length;
  let concordant = 0;
  let discordant = 0;
  let tiedX = 0;
  let tiedY = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const dx = Math.sign(x[j]! - x[i]!);
      const dy = Math.sign(y[j]! - y[i]!);
      if (dx === 0) tiedX++;
      if (dy === 0) tiedY++;
      if (dx !== 0 && dy !== 0) {
        if (dx === dy) concordant++;
        else discordant++;
      }
    }
  }
  const n0 = (n * (n - 1)) / 2;
  const denominator = Math.sqrt((n0 - tiedX) * (n0 - tiedY));
  return { tau: denominator > 0 ? (concordant - discordant) / denominator : null, n, concordant, discordant, tiedX, tiedY };
}

/** Ranks 1..n (1 = largest), ties sharing their average rank. */
export function ranksDescending(values: readonly number[]): number[] {
  const order = values.map((v, i) => ({ v, i })).sort((a, b) => b.v - a.v);
  const ranks = new Array<number>(values.length);
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && order[end + 1]!.v === order[start]!.v) end++;
    const average = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) ranks[order[k]!.i] = average;
    start = end + 1;
  }
  return ranks;
}
