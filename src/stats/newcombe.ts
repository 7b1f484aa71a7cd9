import { wilson, Z95 } from './wilson.js';

/**
 * 95% interval for p2 − p1 from paired binary outcomes (Newcombe 1998, "Improved confidence intervals
 * for the difference between binomial proportions based on paired data", method 10): it combines the
 * Wilson intervals of the two marginal rates with their phi correlation, so it stays inside [−1, 1]
 * and behaves at 0 and n where the Wald interval does not.
 *
 * Cells: both = 1 in both, onlyFirst = 1 only in the first, onlySecond = 1 only in the second, neither.
 */
export function newcombePairedDifference(
  cells: { both: number; onlyFirst: number; onlySecond: number; neither: number },
  z: number = Z95,
): [number, number] {
  const { both: a, onlyFirst: b, onlySecond: c, neither: d } = cells;
  const n = a + b + c + d;
  if (n === 0) return [-1, 1];
  const p1 = (a + b) / n;
  const p2 = (a + c) / n;
  const [l1, u1] = wilson(a + b, n, z);
  const [l2, u2] = wilson(a + c, n, z);
  const marginProduct = (a + b) * (c + d) * (a + c) * (b + d);
  // A constant margin leaves phi undefined; 0 is Newcombe's stated convention for that case.
  const phi = marginProduct === 0 ? 0 : (a * d - b * c) / Math.sqrt(marginProduct);
  const delta = p2 - p1;
  const lower = Math.sqrt(Math.max(0, (p2 - l2) ** 2 - 2 * phi * (p2 - l2) * (u1 - p1) + (u1 - p1) ** 2));
  const upper = Math.sqrt(Math.max(0, (u2 - p2) ** 2 - 2 * phi * (u2 - p2) * (p1 - l1) + (p1 - l1) ** 2));
  return [Math.max(-1, delta - lower), Math.min(1, delta + upper)];
}
