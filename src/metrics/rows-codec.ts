import type { GroupSample, ProbeTotals } from '../store/metric-queries.js';
import type { RunRows } from './read-rows.js';

/**
 * RunRows as flat numeric columns, for the trip from a worker thread: structured clone writes every
 * property name of every object (16 per probe × 5,000 probes × 40 candidates at a million replies),
 * while a Float64Array's buffer is moved without a copy.
 */
export interface EncodedRunRows {
  totals: Float64Array;
  groups: string[];
  samples: Float64Array;
}

// Each field once, in a fixed order; `satisfies` makes a field added to ProbeTotals or GroupSample
// a compile error here until it is listed.
const TOTALS_FIELDS = {
  probeRow: 0, rows: 0, replied: 0, errors: 0, refN: 0, refYes: 0, ansN: 0, ansSum: 0, jfN: 0, jfSum: 0,
  styN: 0, stySum: 0, lenN: 0, lenSum: 0, toneN: 0, toneSum: 0,
} satisfies Record<keyof ProbeTotals, 0>;
const SAMPLE_FIELDS = {
  sample: 0, graded: 0, refusedMin: 0, refusedMax: 0, corN: 0, corMin: 0, corMax: 0,
} satisfies Record<Exclude<keyof GroupSample, 'grp'>, 0>;
const TOTALS_KEYS = Object.keys(TOTALS_FIELDS) as (keyof ProbeTotals)[];
const SAMPLE_KEYS = Object.keys(SAMPLE_FIELDS) as (keyof typeof SAMPLE_FIELDS)[];

export function encodeRunRows(rows: RunRows): EncodedRunRows {
  const totals = new Float64Array(rows.totals.length * TOTALS_KEYS.length);
  rows.totals.forEach((t, i) => TOTALS_KEYS.forEach((k, j) => { totals[i * TOTALS_KEYS.length + j] = t[k]; }));
  const samples = new Float64Array(rows.samples.length * SAMPLE_KEYS.length);
  // null (no grade of that kind in the sample) travels as NaN, which no count or score can be.
  rows.samples.forEach((s, i) => SAMPLE_KEYS.forEach((k, j) => { samples[i * SAMPLE_KEYS.length + j] = s[k] ?? NaN; }));
  return { totals, groups: rows.samples.map((s) => s.grp), samples };
}

export function decodeRunRows(encoded: EncodedRunRows): RunRows {
  const totals: ProbeTotals[] = [];
  const tw = TOTALS_KEYS.length;
  for (let i = 0; i < encoded.totals.length / tw; i++) {
    const t = {} as ProbeTotals;
    TOTALS_KEYS.forEach((k, j) => { t[k] = encoded.totals[i * tw + j]!; });
    totals.push(t);
  }
  const samples: GroupSample[] = [];
  const sw = SAMPLE_KEYS.length;
  const at = (i: number, j: number): number => encoded.samples[i * sw + j]!;
  const orNull = (v: number): number | null => (Number.isNaN(v) ? null : v);
  encoded.groups.forEach((grp, i) => {
    samples.push({
      grp, sample: at(i, 0), graded: at(i, 1), refusedMin: orNull(at(i, 2)), refusedMax: orNull(at(i, 3)),
      corN: at(i, 4), corMin: orNull(at(i, 5)), corMax: orNull(at(i, 6)),
    });
  });
  return { totals, samples };
}

/** The buffers to move (not copy) with a message carrying these rows. */
export function transferables(encoded: readonly EncodedRunRows[]): ArrayBuffer[] {
  return encoded.flatMap((e) => [e.totals.buffer as ArrayBuffer, e.samples.buffer as ArrayBuffer]);
}
