/**
 * Exact McNemar test: under H0 the b + c discordant pairs split like a fair coin,
 * so p = min(1, 2 · P(X ≤ min(b, c))) with X ~ Binomial(b + c, 1/2).
 * No discordant pairs: no evidence either way, p = 1.
 */
export function mcnemarExact(b: number, c: number): number {
  if (!Number.isInteger(b) || !Number.isInteger(c) || b < 0 || c < 0) {
    throw new RangeError(`mcnemarExact: counts must be non-negative integers, got b=${b}, c=${c}`);
  }
  const m = b + c;
  if (m === 0) return 1;
  const k = Math.min(b, c);
  return Math.min(1, 2 * binomialCdfHalf(k, m));
}

/** P(X ≤ k) for X ~ Binomial(m, 1/2), summed in log space so large m does not overflow. */
function binomialCdfHalf(k: number, m: number): number {
  let logTerm = -m * Math.LN2; // log C(m,0) / 2^m
  let total = Math.exp(logTerm);
  for (let i = 1; i <= k; i++) {
    logTerm += Math.log(m - i + 1) - Math.log(i);
    total += Math.exp(logTerm);
  }
  return total;
}
