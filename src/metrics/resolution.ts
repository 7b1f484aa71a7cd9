import { minDetectableDifference, pairedMoments } from '../stats/index.js';
import { METRIC_NAMES, type MetricName } from './registry.js';
import type { ExperimentMetrics, Resolution } from './types.js';

const median = (xs: number[]): number | null => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/**
 * For each metric: over every pair of candidates, the SD of their per-unit differences and the
 * units they share; the resolution is the MDD at the median SD and the median shared-unit count.
 * A probe set is "too small" for a metric when the differences a team cares about are below it.
 */
export function resolutionOf(metrics: ExperimentMetrics, metric: MetricName): Resolution {
  const byCandidate = metrics.units[metric];
  const names = metrics.candidates.map((c) => c.name).filter((n) => byCandidate?.[n] !== undefined);
  // Every pair of candidates (780 at 40) × every unit: aligned arrays instead of keyed lookups.
  const aligned = alignUnits(names.map((n) => byCandidate![n]!));
  const xs = new Float64Array(aligned.units);
  const ys = new Float64Array(aligned.units);
  const sds: number[] = [];
  const rhos: number[] = [];
  const sizes: number[] = [];
  for (let i = 0; i < names.length; i++) {
    for (let j = i + 1; j < names.length; j++) {
      const a = aligned.values[i]!;
      const b = aligned.values[j]!;
      let n = 0;
      for (let u = 0; u < a.length; u++) {
        const x = a[u]!;
        const y = b[u]!;
        if (Number.isNaN(x) || Number.isNaN(y)) continue;
        xs[n] = x;
        ys[n] = y;
        n++;
      }
      const m = pairedMoments(xs.subarray(0, n), ys.subarray(0, n));
      if (m.sdDiff === null) continue;
      sds.push(m.sdDiff);
      sizes.push(n);
      if (m.rho !== null) rhos.push(m.rho);
    }
  }
  const sd = median(sds);
  const n = median(sizes);
  return {
    mdd: sd === null || n === null ? null : minDetectableDifference(n, sd),
    sd_diff: sd,
    rho: median(rhos),
    n_units: n ?? 0,
    pairs: sds.length,
  };
}

/** Unit values of several candidates on one index of units (NaN where a candidate has none). */
function alignUnits(records: readonly Record<string, number>[]): { units: number; values: Float64Array[] } {
  const index = new Map<string, number>();
  for (const r of records) for (const u in r) if (!index.has(u)) index.set(u, index.size);
  const values = records.map((r) => {
    const row = new Float64Array(index.size).fill(NaN);
    for (const u in r) row[index.get(u)!] = r[u]!;
    return row;
  });
  return { units: index.size, values };
}

export function resolutionTable(metrics: ExperimentMetrics): Partial<Record<MetricName, Resolution>> {
  const out: Partial<Record<MetricName, Resolution>> = {};
  for (const m of METRIC_NAMES) if (metrics.units[m] !== undefined) out[m] = resolutionOf(metrics, m);
  return out;
}
