import { packJson, packJsonOnce } from './pack.js';
import type { Truncation } from './types.js';

/** Characters of a long reply shown first; shorter limits are tried only to meet the size goal. */
export const TRUNCATION_LIMITS = [600, 400, 300, 200, 150] as const;

export interface FittedTexts {
  texts: string[];
  full: Record<string, string>;
  truncation: Truncation;
}

/**
 * Fits deduplicated reply texts into a byte budget, measured as the page carries them (packed: see
 * pack.ts and render.ts). Long replies are cut to ~600 characters, and their full text is kept behind an expander
 * only when everything still fits. If the cut texts alone do not fit, shorter limits are tried; the
 * page states which limit was used.
 */
export function fitTexts(texts: string[], budgetBytes: number, preCut: PreCut = NO_PRE_CUT): FittedTexts {
  // Packing is only done for a try the estimate says may fit: compressing (or even joining into one
  // JSON string) every text of a million-reply store for each limit is what a large report cannot afford.
  const ratio = sampleRatio(texts);
  const fits = (f: FittedTexts): boolean => {
    if (rawBytes(f) * ratio * 0.8 > budgetBytes) return false;
    return packedSize(f) <= budgetBytes;
  };
  const limits = TRUNCATION_LIMITS.filter((l) => l <= preCut.maxLimit);
  for (const limit of limits) {
    // Full texts are all-or-nothing on the page; a text cut while collecting has none.
    if (preCut.lengths.size === 0) {
      const withFull = apply(texts, limit, true, false, preCut);
      if (fits(withFull)) return withFull;
      if (Object.keys(withFull.full).length === 0) continue; // nothing cut: dropping full texts saves nothing
    }
    const cutOnly = apply(texts, limit, false, false, preCut);
    if (fits(cutOnly)) return cutOnly;
  }
  // Nothing fits: the shortest limit, and the page says the size goal is not met.
  return apply(texts, TRUNCATION_LIMITS[TRUNCATION_LIMITS.length - 1]!, false, true, preCut);
}

/** Texts cut short while collecting (TextCollector): their original lengths and the longest cut they allow. */
export interface PreCut {
  lengths: ReadonlyMap<number, number>;
  maxLimit: number;
}
const NO_PRE_CUT: PreCut = { lengths: new Map(), maxLimit: Infinity };

/** UTF-8 bytes of the texts as JSON, summed text by text (no joined string). */
function rawBytes(f: { texts: readonly string[]; full: Readonly<Record<string, string>> }): number {
  let n = 0;
  for (const t of f.texts) n += Buffer.byteLength(t, 'utf8') + 3;
  for (const t of Object.values(f.full)) n += Buffer.byteLength(t, 'utf8') + 12;
  return n;
}

/** Compression ratio of an evenly spaced sample of the texts (about 1 MB), the best a packing can do. */
function sampleRatio(texts: readonly string[]): number {
  if (texts.length === 0) return 1;
  const sample: string[] = [];
  let bytes = 0;
  const step = Math.max(1, Math.floor(texts.length / 4000));
  for (let i = 0; i < texts.length && bytes < 1 << 20; i += step) {
    sample.push(texts[i]!);
    bytes += texts[i]!.length;
  }
  return compressionRatio(sample);
}

/** Packed size over raw size of some texts (at most 1): what the page's packing achieves on them. */
export function compressionRatio(texts: readonly string[]): number {
  return Math.min(1, packJson(texts).length / Math.max(1, rawBytes({ texts, full: {} })));
}

/** Bytes the texts take in the page: cut texts and full texts are packed apart (see render.ts). */
export function packedSize(f: Pick<FittedTexts, 'texts' | 'full'>): number {
  return packJsonOnce(f.texts).length + packJsonOnce(f.full).length;
}

function apply(texts: string[], limit: number, keepFull: boolean, overBudget: boolean, preCut: PreCut): FittedTexts {
  const out: string[] = new Array(texts.length);
  const full: Record<string, string> = {};
  const cut: Record<string, number> = {};
  texts.forEach((t, i) => {
    const original = preCut.lengths.get(i) ?? t.length;
    if (original <= limit) {
      out[i] = t;
      return;
    }
    out[i] = truncate(t, limit);
    cut[String(i)] = original;
    if (keepFull) full[String(i)] = t;
  });
  return { texts: out, full, truncation: { limit, cut, fullKept: keepFull, overBudget } };
}

/** Cuts at `limit` UTF-16 units without splitting a surrogate pair, and marks the cut with an ellipsis. */
export function truncate(text: string, limit: number): string {
  // A text cut while collecting may be exactly `limit` long: it still gets the ellipsis of a cut.
  if (text.length <= limit) return text + '…';
  let end = limit;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return text.slice(0, end) + '…';
}
