import { estimate, type UnitTally } from './estimate.js';
import type { ProbeInfo } from './probe-data.js';
import type { MetricName } from './registry.js';
import type { CandidateSummary, MetricEstimate } from './types.js';

/**
 * The units of each slice `category:X`, `tag:Y`, `lang:Z` (keys sorted): its probes, and the
 * paraphrase groups all of whose members are in it. Depends only on the probes, so one map serves
 * every candidate evaluated on the same set versions.
 */
export function sliceUnits(probes: readonly ProbeInfo[], groups: readonly { key: string; members: readonly ProbeInfo[] }[]): Map<string, Set<string>> {
  const of = (info: ProbeInfo): string[] => [
    `category:${info.category}`, ...info.tags.map((t) => `tag:${t}`), ...(info.lang ? [`lang:${info.lang}`] : []),
  ];
  const slices = new Map<string, Set<string>>();
  for (const p of probes) for (const key of of(p)) (slices.get(key) ?? slices.set(key, new Set()).get(key)!).add(p.unit);
  for (const g of groups) {
    for (const [key, units] of slices) if (g.members.every((m) => units.has(m.unit))) units.add(g.key);
  }
  return new Map([...slices.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * Every metric on every slice: the candidate's unit tallies restricted to the slice's units. Unit
 * tallies are per probe (or group), so this is what the families would compute on the slice alone.
 */
export function sliceMetrics(all: Partial<Record<MetricName, UnitTally[]>>, slices: ReadonlyMap<string, ReadonlySet<string>>): CandidateSummary['slices'] {
  const out: CandidateSummary['slices'] = {};
  for (const [key, units] of slices) {
    const metrics: Partial<Record<MetricName, MetricEstimate>> = {};
    for (const [metric, tallies] of Object.entries(all) as [MetricName, UnitTally[]][]) {
      const e = estimate(metric, tallies.filter((t) => units.has(t.unit)), false);
      if (e) metrics[metric] = e.estimate;
    }
    out[key] = metrics;
  }
  return out;
}
