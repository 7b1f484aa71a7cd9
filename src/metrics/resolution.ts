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
  const sds: number[] = [];
  const rhos: number[] = [];
  const sizes: number[] = [];
  for (let i = 0; i < names.length; i++) {
    for (let j = i + 1; j < names.length; j++) {
      const a = byCandidate![names[i]!]!;
      const b = byCandidate![names[j]!]!;
      const xs: number[] = [];
      const ys: number[] = [];
      for (const u in a) {
        const y = b[u];
        if (y !== undefined) {
          xs.push(a[u]!);
          ys.push(y);
        }
      }
      const m = pairedMoments(xs, ys);
      if (m.sdDiff === null) continue;
      sds.push(m.sdDiff);
      sizes.push(xs.length);
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

export function resolutionTable(metrics: ExperimentMetrics): Partial<Record<MetricName, Resolution>> {
  const out: Partial<Record<MetricName, Resolution>> = {};
  for (const m of METRIC_NAMES) if (metrics.units[m] !== undefined) out[m] = resolutionOf(metrics, m);
  return out;
}
