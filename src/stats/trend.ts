import { studentTwoSidedP } from './tails.js';

/**
 * Ordinary least-squares line y = intercept + slope·x with the slope's standard error and a
 * two-sided t test of slope = 0 on n − 2 degrees of freedom.
 */
export interface OlsTrend {
  n: number;
  slope: number;
  intercept: number;
  /** Standard error of the slope; null with fewer than 3 points. */
  se: number | null;
  t: number | null;
  df: number;
  p: number | null;
}

export function olsTrend(x: readonly number[], y: readonly number[]): OlsTrend {
  if (x.length !== y.length) throw new RangeError(`olsTrend: ${x.length} x values but ${y.length} y values`);
  const n = x.length;
  if (n < 2) throw new RangeError(`olsTrend: needs at least 2 points, got ${n}`);
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i]!;
    my += y[i]!;
  }
  mx /= n;
  my /= n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (x[i]! - mx) ** 2;
    sxy += (x[i]! - mx) * (y[i]! - my);
  }
  if (sxx === 0) throw new RangeError('olsTrend: all x values are equal');
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  const df = n - 2;
  if (df === 0) return { n, slope, intercept, se: null, t: null, df, p: null };
  let sse = 0;
  for (let i = 0; i < n; i++) sse += (y[i]! - intercept - slope * x[i]!) ** 2;
  const se = Math.sqrt(sse / df / sxx);
  if (se === 0) return { n, slope, intercept, se, t: slope === 0 ? 0 : Math.sign(slope) * Infinity, df, p: slope === 0 ? 1 : 0 };
  const t = slope / se;
  return { n, slope, intercept, se, t, df, p: studentTwoSidedP(t, df) };
}
