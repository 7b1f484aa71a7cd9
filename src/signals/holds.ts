import type { MetricName } from '../metrics/registry.js';
import type { CandidateSummary } from '../metrics/types.js';
import { compareCandidates, compareFor, type Change } from './compare.js';
import { replicateKey, type SignalInput } from './input.js';

/** The other seeds of a candidate's configuration (same params but seed, same step). */
export function replicatesOf(input: SignalInput, name: string): CandidateSummary[] {
  const c = input.metrics.candidates.find((x) => x.name === name);
  if (!c) return [];
  return input.metrics.candidates.filter((o) => o.name !== name && replicateKey(o) === replicateKey(c));
}

/**
 * Whether `to` really gains on `metric` over `from`: the paired test finds the gain, and every other
 * seed of `to`'s configuration finds it too. A gain one seed shows and another does not is the seed,
 * not the configuration ("it was probably the seed"). Without replicates the paired test decides alone.
 */
export function gainHolds(input: SignalInput, metric: MetricName, from: string, to: string): boolean {
  if (compareFor(input, 'gain', metric, from, to).movement !== 'gain') return false;
  return replicatesOf(input, to)
    .filter((r) => r.name !== from && input.metrics.units[metric]?.[r.name] !== undefined)
    .every((r) => compareFor(input, 'gain', metric, from, r.name).movement === 'gain');
}

/** The change of `to` over `from`, and whether it holds across `to`'s seeds. */
export function heldChange(input: SignalInput, metric: MetricName, from: string, to: string): Change & { holds: boolean } {
  return { ...compareCandidates(input, metric, from, to), holds: gainHolds(input, metric, from, to) };
}
