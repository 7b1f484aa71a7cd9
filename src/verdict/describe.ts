import type { ContractCheck } from './schema.js';

/** A number as a person reads it in a CI summary: 3 decimals, a real minus sign, no `-0.000`. */
export function formatNumber(n: number | null | undefined, digits = 3): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return 'n/a';
  const s = Math.abs(n).toFixed(digits);
  if (Number(s) === 0) return (0).toFixed(digits);
  return n < 0 ? `−${s}` : s;
}

export function formatSigned(n: number | null | undefined, digits = 3): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return 'n/a';
  const s = formatNumber(n, digits);
  return n > 0 && Number(Math.abs(n).toFixed(digits)) !== 0 ? `+${s}` : s;
}

export function formatInterval(i: readonly [number, number] | null): string {
  return i === null ? 'n/a' : `[${formatSigned(i[0])}, ${formatSigned(i[1])}]`;
}

/** `must_not_regress refusal.harmful_refusal_rate (ckpt-300 vs base)`. */
export function contractLabel(c: ContractCheck): string {
  const pair = c.candidate !== undefined ? ` (${c.candidate}${c.against !== undefined ? ` vs ${c.against}` : ''})` : '';
  return `${c.rule} ${c.metric}${pair}`;
}

/** What the rule asked for, and what was measured. */
export function contractDetail(c: ContractCheck): string {
  const wanted =
    c.threshold === undefined ? '' : c.rule === 'must_improve' ? `; must gain at least ${formatNumber(c.threshold)}` : `; may lose at most ${formatNumber(c.threshold)}`;
  return `delta ${formatSigned(c.delta)}, 95% CI ${formatInterval(c.interval)}${wanted}`;
}
