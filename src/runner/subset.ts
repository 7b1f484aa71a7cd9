import { createHash } from 'node:crypto';
import { InputError } from '../errors.js';

/**
 * A smoke-test subset of the probes. Any run on a subset is recorded as such (runs.subset) and is
 * therefore partial: there is no way to evaluate hand-picked probes and call it complete.
 */
export type Subset = { kind: 'limit'; n: number } | { kind: 'sample'; fraction: number; seed: number };

export function parseSubset(limit: number | undefined, fraction: number | undefined, seed: number | undefined): Subset | null {
  if (limit !== undefined && fraction !== undefined) throw new InputError('use either --limit or --sample, not both');
  if (limit !== undefined) {
    if (!Number.isInteger(limit) || limit < 1) throw new InputError(`--limit must be a whole number of probes ≥ 1 (got ${limit})`);
    return { kind: 'limit', n: limit };
  }
  if (fraction !== undefined) {
    if (!(fraction > 0 && fraction <= 1)) throw new InputError(`--sample must be a fraction in (0, 1] (got ${fraction})`);
    return { kind: 'sample', fraction, seed: seed ?? 0 };
  }
  if (seed !== undefined) throw new InputError('--seed only applies with --sample');
  return null;
}

/** How runs.subset records it. */
export function subsetLabel(s: Subset): string {
  return s.kind === 'limit' ? `limit=${s.n}` : `sample=${s.fraction},seed=${s.seed}`;
}

/**
 * The probe ids in the subset: the first n ids in sorted order, or those whose hash with the seed
 * falls under the fraction. Both are stable across resumes and machines.
 */
export function selectProbeIds(ids: readonly string[], s: Subset): Set<string> {
  const sorted = [...ids].sort();
  if (s.kind === 'limit') return new Set(sorted.slice(0, s.n));
  return new Set(sorted.filter((id) => unitHash(`${s.seed}:${id}`) < s.fraction));
}

function unitHash(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0) / 2 ** 32;
}
