/**
 * Deterministic draws for the simulator. Every "random" choice the simulator makes is a hash of
 * what identifies it (model, probe, sample, purpose), so the same request always gets the same
 * reply and no state is needed. 32-bit integer mixing keeps a request to a handful of operations.
 */

/** FNV-1a over the UTF-16 code units of a string: fast and stable across runs and machines. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** murmur3's finaliser: spreads every input bit over the output. */
export function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Combines hashes in order (not commutative: (a, b) and (b, a) differ). */
export function combine(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const p of parts) h = mix32((h ^ p) + 0x7f4a7c15);
  return h;
}

/** Uniform in [0, 1) from a hash. */
export function unit(h: number): number {
  return (h >>> 0) / 4294967296;
}

/** Uniform in (0, 1), never 0 or 1, so quantile functions stay finite. */
export function openUnit(h: number): number {
  return ((h >>> 0) + 0.5) / 4294967296;
}

/** Purposes of draws: each one salts the hash so draws for different purposes are independent. */
export const Salt = {
  outcome: 0x1a2b3c01,
  coherence: 0x1a2b3c02,
  flip: 0x1a2b3c03,
  courtesy: 0x1a2b3c04,
  hedging: 0x1a2b3c05,
  partial: 0x1a2b3c06,
  length: 0x1a2b3c07,
  wording: 0x1a2b3c08,
  seedNoise: 0x1a2b3c09,
  fault: 0x1a2b3c0a,
  latency: 0x1a2b3c0b,
} as const;

/** Index in [0, n) from a hash. */
export function pick(h: number, n: number): number {
  return Math.floor(unit(h) * n);
}
