import type { Interval } from '../metrics/types.js';
import type { Change } from './compare.js';

/** Number formatting for signal summaries: 3 decimals, explicit sign on differences. */
export function num(x: number | null | undefined, digits = 3): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return 'n/a';
  const s = x.toFixed(digits);
  return Number(s) === 0 ? (0).toFixed(digits) : s; // no "-0.000"
}

export function signed(x: number | null | undefined, digits = 3): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return 'n/a';
  const s = num(x, digits);
  return x > 0 && Number(s) !== 0 ? `+${s}` : s;
}

export function interval(ci: Interval | null | undefined, digits = 3): string {
  return ci ? `[${signed(ci[0], digits)}, ${signed(ci[1], digits)}]` : 'n/a';
}

export function pValue(p: number | null | undefined): string {
  if (p === null || p === undefined) return 'p n/a';
  return p < 0.001 ? 'p<0.001' : `p=${p.toFixed(3)}`;
}

/** `factuality.accuracy +0.031 [+0.012, +0.050], p=0.004` */
export function describeChange(c: Change): string {
  return `${c.metric} ${signed(c.delta)} ${interval(c.ci)}, ${pValue(c.p_value)}`;
}
