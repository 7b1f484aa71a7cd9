import { DEFAULT_BOOTSTRAP_ITERATIONS, DEFAULT_BOOTSTRAP_SEED, pairedBootstrap } from './bootstrap.js';
import { mcnemarExact } from './mcnemar.js';
import { newcombePairedDifference } from './newcombe.js';
import { studentCritical, studentTwoSidedP } from './tails.js';

export interface PairedResult {
  delta: number | null;
  ci: [number, number] | null;
  p_value: number | null;
  test: 'mcnemar-exact' | 'paired-bootstrap' | 'paired-t' | 'none';
  n_pairs: number;
}

/**
 * Paired comparison of two candidates over the units (probes, groups) both have a value for.
 * delta = mean(b) − mean(a).
 * - binary and every value 0 or 1: exact McNemar p on the discordant pairs, Newcombe (method 10)
 *   interval for the paired difference of proportions;
 * - otherwise (means over repeats, 1–5 scores, lengths): paired bootstrap with a fixed seed, or
 *   from LARGE_PAIRED_SAMPLE pairs on the paired t interval, which the bootstrap only reproduces
 *   there (the mean of thousands of bounded differences is normal) at 4,000 × n draws' cost.
 * No common unit: nothing to compare, all nulls with test 'none'.
 */
export function comparePaired(
  a: Record<string, number>,
  b: Record<string, number>,
  opts: { binary: boolean; seed?: number; iterations?: number },
): PairedResult {
  // Signals compare the same pair of unit records several times within one verdict; the result
  // depends only on the two records and the options, so it is remembered per record identity.
  const key = `${opts.binary}|${opts.seed ?? ''}|${opts.iterations ?? ''}`;
  let byB = memo.get(a);
  if (!byB) memo.set(a, (byB = new WeakMap()));
  let byOpts = byB.get(b);
  if (!byOpts) byB.set(b, (byOpts = new Map()));
  const known = byOpts.get(key);
  if (known) return { ...known, ci: known.ci ? [known.ci[0], known.ci[1]] : null };
  const result = computePaired(a, b, opts);
  byOpts.set(key, result);
  return { ...result, ci: result.ci ? [result.ci[0], result.ci[1]] : null };
}

/** Unit records are built once per metrics computation and never mutated afterwards. */
const memo = new WeakMap<object, WeakMap<object, Map<string, PairedResult>>>();

/**
 * A record's units in sorted order (the order differences are resampled in, so results do not
 * depend on insertion order); sorted once per record, as a record takes part in many comparisons.
 */
function sortedUnits(record: Record<string, number>): readonly string[] {
  let keys = sortedKeys.get(record);
  if (!keys) sortedKeys.set(record, (keys = Object.keys(record).sort()));
  return keys;
}
const sortedKeys = new WeakMap<object, readonly string[]>();

function computePaired(
  a: Record<string, number>,
  b: Record<string, number>,
  opts: { binary: boolean; seed?: number; iterations?: number },
): PairedResult {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const unit of sortedUnits(a)) {
    const y = b[unit];
    const x = a[unit];
    if (y === undefined || x === undefined || !Number.isFinite(x) || !Number.isFinite(y)) continue;
    xs.push(x);
    ys.push(y);
  }
  const n = xs.length;
  if (n === 0) return { delta: null, ci: null, p_value: null, test: 'none', n_pairs: 0 };
  const isBit = (v: number) => v === 0 || v === 1;
  if (opts.binary && xs.every(isBit) && ys.every(isBit)) {
    const cells = { both: 0, onlyFirst: 0, onlySecond: 0, neither: 0 };
    for (let i = 0; i < n; i++) {
      if (xs[i] === 1 && ys[i] === 1) cells.both++;
      else if (xs[i] === 1) cells.onlyFirst++;
      else if (ys[i] === 1) cells.onlySecond++;
      else cells.neither++;
    }
    return {
      delta: (cells.onlySecond - cells.onlyFirst) / n,
      ci: newcombePairedDifference(cells),
      p_value: mcnemarExact(cells.onlyFirst, cells.onlySecond),
      test: 'mcnemar-exact',
      n_pairs: n,
    };
  }
  if (n >= LARGE_PAIRED_SAMPLE) return pairedT(ys.map((y, i) => y - xs[i]!));
  const boot = pairedBootstrap(
    ys.map((y, i) => y - xs[i]!),
    { seed: opts.seed ?? DEFAULT_BOOTSTRAP_SEED, iterations: opts.iterations ?? DEFAULT_BOOTSTRAP_ITERATIONS },
  );
  return { delta: boot.mean, ci: boot.ci, p_value: boot.p_value, test: 'paired-bootstrap', n_pairs: n };
}

/**
 * From this many pairs the paired t interval replaces the bootstrap (see comparePaired). Measured on
 * skewed differences of means over 5 repeats (most units unchanged, a few moving a lot): from 300
 * pairs the t interval's ends lie within 0.13 SE of the 4,000-resample bootstrap's, closer than two
 * bootstraps with different seeds lie to each other (0.13–0.17 SE); test/stats/paired.test.ts.
 */
export const LARGE_PAIRED_SAMPLE = 500;

/** Paired t: mean difference ± t(0.975, n−1)·sd/√n, two-sided p of mean/(sd/√n). */
export function pairedT(differences: readonly number[]): PairedResult {
  const n = differences.length;
  const mean = differences.reduce((s, d) => s + d, 0) / n;
  const ss = differences.reduce((s, d) => s + (d - mean) * (d - mean), 0);
  const se = Math.sqrt(ss / (n - 1) / n);
  if (se === 0) return { delta: mean, ci: [mean, mean], p_value: mean === 0 ? 1 : 0, test: 'paired-t', n_pairs: n };
  const half = studentCritical(0.05, n - 1) * se;
  return { delta: mean, ci: [mean - half, mean + half], p_value: studentTwoSidedP(mean / se, n - 1), test: 'paired-t', n_pairs: n };
}
