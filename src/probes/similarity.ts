/**
 * Near-duplicate detection on character 3-shingles. Exact Jaccard, made fast by the standard
 * prefix filter of set-similarity joins (AllPairs): two sets with Jaccard >= t must share a
 * token among the first |x| - ceil(t|x|) + 1 of their rarest-first tokens, and their sizes must
 * be within a factor t. Only those candidates are compared, so thousands of prompts take
 * milliseconds rather than the seconds of all pairs.
 */

/** NFKC, lower case, punctuation and whitespace removed: what a reader sees as "the same words". */
export function normaliseForSimilarity(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[\p{P}\p{Z}\s]+/gu, '');
}

/** Character 3-shingles (code points, so CJK text is handled like any other). */
export function shingles(normalised: string): Set<string> {
  const chars = Array.from(normalised);
  const out = new Set<string>();
  if (chars.length === 0) return out;
  if (chars.length < 3) {
    out.add(chars.join(''));
    return out;
  }
  for (let i = 0; i + 3 <= chars.length; i++) out.add(chars[i]! + chars[i + 1]! + chars[i + 2]!);
  return out;
}

export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let inter = 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const s of small) if (large.has(s)) inter++;
  return inter / (a.size + b.size - inter);
}

export interface SimilarPair {
  i: number;
  j: number;
  similarity: number;
}

/** Every pair of texts (by index, i < j) whose shingle Jaccard similarity is >= threshold. */
export function similarPairs(texts: readonly string[], threshold: number): SimilarPair[] {
  // Shingles as integer ids, one global dictionary: cheaper than a Set of strings per text.
  const dict = new Map<string, number>();
  const freq: number[] = [];
  const raw = texts.map((t) =>
    [...shingles(normaliseForSimilarity(t))].map((sh) => {
      let id = dict.get(sh);
      if (id === undefined) {
        id = dict.size;
        dict.set(sh, id);
        freq.push(0);
      }
      freq[id]!++;
      return id;
    }),
  );
  // Rank tokens rarest first so prefixes are short and selective.
  const byRarity = freq.map((_, id) => id).sort((a, b) => freq[a]! - freq[b]! || a - b);
  const rank = new Int32Array(freq.length);
  byRarity.forEach((id, r) => (rank[id] = r));
  const sorted = raw.map((ids) => Int32Array.from(ids, (id) => rank[id]!).sort());

  const order = sorted.map((_, i) => i).filter((i) => sorted[i]!.length > 0);
  order.sort((a, b) => sorted[a]!.length - sorted[b]!.length || a - b);

  const index: number[][] = Array.from({ length: freq.length }, () => []);
  const seenBy = new Int32Array(texts.length).fill(-1);
  const pairs: SimilarPair[] = [];
  const eps = 1e-9;
  for (const x of order) {
    const xs = sorted[x]!;
    const n = xs.length;
    const minSize = Math.ceil(threshold * n - eps);
    const prefix = Math.min(n, n - minSize + 1);
    for (let p = 0; p < prefix; p++) {
      for (const y of index[xs[p]!]!) {
        if (seenBy[y] === x) continue;
        seenBy[y] = x;
        const ys = sorted[y]!;
        if (ys.length < minSize) continue;
        const sim = sortedJaccard(xs, ys);
        if (sim + eps >= threshold) pairs.push({ i: Math.min(x, y), j: Math.max(x, y), similarity: sim });
      }
    }
    for (let p = 0; p < prefix; p++) index[xs[p]!]!.push(x);
  }
  return pairs.sort((a, b) => a.i - b.i || a.j - b.j);
}

function sortedJaccard(a: Int32Array, b: Int32Array): number {
  let i = 0;
  let j = 0;
  let inter = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      inter++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return inter / (a.length + b.length - inter);
}
