/** z for a two-sided 95% interval (the normal 97.5% quantile). */
export const Z95 = 1.959964;

/**
 * Wilson score interval for a binomial proportion (Wilson 1927; Newcombe 1998 method 3).
 * Unlike the Wald interval it stays inside [0, 1] and does not collapse to a point at 0/n or n/n.
 * With no trials nothing is known: [0, 1].
 */
export function wilson(successes: number, n: number, z: number = Z95): [number, number] {
  if (!Number.isFinite(successes) || !Number.isFinite(n) || n < 0 || successes < 0 || successes > n) {
    throw new RangeError(`wilson: need 0 <= successes <= n, got ${successes}/${n}`);
  }
  if (n === 0) return [0, 1];
  const p = successes / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // At the extremes the bound is exact in theory; clamp rounding error so 0/n gives exactly 0.
  const lo = successes === 0 ? 0 : Math.max(0, centre - half);
  const hi = successes === n ? 1 : Math.min(1, centre + half);
  return [lo, hi];
}
