import type { CandidateSummary } from '../metrics/types.js';
import type { Verdict } from '../verdict/schema.js';

/** Two candidates the report compares, and why this pair matters. */
export interface NamedPair {
  a: string;
  b: string;
  why: string;
}

/** At most this many pairs get reply texts when not every reply fits in the page. */
export const MAX_NAMED_PAIRS = 8;

/**
 * The explorer's first pair: the baseline (or the first candidate) against the freeze candidate, or
 * against the newest candidate when nothing is to be frozen — the comparison the stop decision is about.
 */
export function defaultPair(names: readonly string[], candidates: readonly CandidateSummary[], freeze: string | null): NamedPair {
  const a = candidates.find((c) => c.baseline)?.name ?? names[0] ?? '';
  const b = freeze !== null && freeze !== a && names.includes(freeze) ? freeze : [...names].reverse().find((n) => n !== a) ?? a;
  const base = candidates.some((c) => c.baseline) ? 'baseline' : 'first candidate';
  return { a, b, why: `${base} vs ${b === freeze ? 'freeze candidate' : 'newest candidate'}` };
}

/**
 * The pairs the verdict names, most important first: the explorer's first pair, the freeze candidate
 * against the newest, each contract check's pair, then every pair of candidates cited in a fired
 * signal's evidence (`from`/`to` or `a`/`b`: consecutive checkpoints, seeds, flips). Unordered
 * duplicates and pairs of unknown candidates are dropped.
 */
export function namedPairs(verdict: Verdict, candidates: readonly CandidateSummary[], max = MAX_NAMED_PAIRS): NamedPair[] {
  const names = [...candidates].sort((x, y) => x.ordinal - y.ordinal).map((c) => c.name);
  const known = new Set(names);
  const out: NamedPair[] = [];
  const seen = new Set<string>();
  const add = (p: NamedPair): void => {
    if (p.a === p.b || !known.has(p.a) || !known.has(p.b)) return;
    const key = [p.a, p.b].sort().join('\u0000');
    if (seen.has(key)) return;
    seen.add(key);
    out.push(p);
  };
  const freeze = verdict.freeze_candidate;
  add(defaultPair(names, candidates, freeze));
  const newest = names[names.length - 1];
  if (freeze !== null && newest !== undefined) add({ a: freeze, b: newest, why: 'freeze candidate vs newest candidate' });
  for (const c of verdict.contract) {
    if (c.candidate !== undefined && c.against !== undefined) add({ a: c.against, b: c.candidate, why: `contract: ${c.metric}` });
  }
  for (const s of verdict.signals) {
    if (!s.fired) continue;
    for (const [a, b] of citedPairs(s.evidence)) add({ a, b, why: `signal ${s.id}` });
  }
  return out.slice(0, max);
}

/** Pairs of names in evidence objects shaped like a change: {from, to} or {a, b}. */
function citedPairs(value: unknown, depth = 0): [string, string][] {
  if (depth > 8 || value === null || typeof value !== 'object') return [];
  if (Array.isArray(value)) return value.flatMap((v) => citedPairs(v, depth + 1));
  const o = value as Record<string, unknown>;
  const own: [string, string][] = [];
  if (typeof o.from === 'string' && typeof o.to === 'string') own.push([o.from, o.to]);
  if (typeof o.a === 'string' && typeof o.b === 'string') own.push([o.a, o.b]);
  return [...own, ...Object.values(o).flatMap((v) => citedPairs(v, depth + 1))];
}
