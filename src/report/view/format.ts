import { METRICS, MetricName } from '../../metrics/registry.js';
import type { ValueFormat } from '../charts/svg.js';

/** Rates print as percentages, means as numbers; unknown metric names (from user contracts) as numbers. */
export function formatOf(metric: string): ValueFormat {
  const parsed = MetricName.safeParse(metric);
  return parsed.success && METRICS[parsed.data].scale === 'rate' ? 'pct' : 'num';
}

export function fmtValue(metric: string, v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return 'n/a';
  if (formatOf(metric) === 'pct') return `${(v * 100).toFixed(1)}%`;
  return fmtNumber(v);
}

/** A difference: percentage points for rates, with an explicit sign and a real minus. */
export function fmtDelta(metric: string, d: number | null | undefined): string {
  if (d === null || d === undefined || !Number.isFinite(d)) return 'n/a';
  const pct = formatOf(metric) === 'pct';
  const body = pct ? (Math.abs(d) * 100).toFixed(1) : fmtNumber(Math.abs(d));
  const zero = Number(body) === 0;
  const sign = zero ? '±' : d < 0 ? '−' : '+';
  return `${sign}${body}${pct ? ' pts' : ''}`;
}

export function fmtInterval(metric: string, ci: readonly [number, number] | null | undefined, delta = false): string {
  if (!ci) return '';
  const f = delta ? (v: number) => fmtDelta(metric, v) : (v: number) => fmtValue(metric, v);
  return `[${f(ci[0])}, ${f(ci[1])}]`;
}

/** A compact range for table cells: `74.9–90.9%` for rates, `100–170` for means. */
export function fmtRange(metric: string, lo: number, hi: number): string {
  if (formatOf(metric) === 'pct') return `${(lo * 100).toFixed(1)}–${(hi * 100).toFixed(1)}%`;
  return `${fmtNumber(lo)}–${fmtNumber(hi)}`;
}

export function fmtNumber(v: number): string {
  const a = Math.abs(v);
  // Small values (slopes, p-values) keep two significant digits instead of rounding to 0.000.
  const s = a >= 100 ? v.toFixed(0) : a >= 10 ? v.toFixed(1) : a >= 1 ? v.toFixed(2) : a >= 0.01 || a === 0 ? v.toFixed(3) : v.toPrecision(2);
  return s.replace(/^-/, '−');
}

export function fmtPercent(v: number): string {
  return `${(v * 100).toFixed(v === 1 || v === 0 ? 0 : 1)}%`;
}

/** One evidence entry as the banner shows it: a line, and the full structure when a line cannot hold it. */
export interface EvidenceView {
  key: string;
  value: string;
  /** Pretty-printed JSON of nested evidence (lists of objects), else null. */
  detail: string | null;
}

const DETAIL_CAP = 20_000;

export function evidenceView(key: string, value: unknown): EvidenceView {
  const nested = typeof value === 'object' && value !== null && JSON.stringify(value).length > 160;
  if (!nested) return { key, value: fmtEvidence(value), detail: null };
  const json = JSON.stringify(value, null, 2);
  const summary = Array.isArray(value) ? `${value.length} entries` : `${Object.keys(value).length} fields`;
  return {
    key,
    value: summary,
    detail: json.length > DETAIL_CAP ? `${json.slice(0, DETAIL_CAP)}\n… (${json.length - DETAIL_CAP} more characters: stoppoint verdict --json)` : json,
  };
}

/** Evidence values are numbers, strings, arrays or small objects: one readable line each. */
export function fmtEvidence(value: unknown): string {
  if (value === null || value === undefined) return 'n/a';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : fmtNumber(value);
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) {
    if (value.length === 0) return 'none';
    if (value.length === 2 && value.every((v) => typeof v === 'number')) return `[${value.map(fmtEvidence).join(', ')}]`;
    return value.map(fmtEvidence).join('; ');
  }
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${k}: ${fmtEvidence(v)}`)
      .join(', ');
  }
  return String(value);
}

/** `lr=0.0001, lora_rank=8` from a params object (seed left out by the caller). */
export function fmtParams(params: Record<string, string | number | boolean>): string {
  const entries = Object.entries(params);
  return entries.length ? entries.map(([k, v]) => `${k}=${String(v)}`).join(', ') : '(no params)';
}
