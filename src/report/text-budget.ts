import { packJson } from './pack.js';
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
export function fitTexts(texts: string[], budgetBytes: number): FittedTexts {
  // Compressing ~10 MB takes a while: after the first try, a candidate is only compressed when the
  // compression ratio seen so far says it may fit.
  let ratio = 0;
  const fits = (f: FittedTexts): boolean => {
    const raw = Buffer.byteLength(JSON.stringify({ texts: f.texts, full: f.full }), 'utf8');
    if (ratio > 0 && raw * ratio * 0.9 > budgetBytes) return false;
    const packed = packedSize(f);
    ratio = Math.max(ratio, packed / raw);
    return packed <= budgetBytes;
  };
  for (const limit of TRUNCATION_LIMITS) {
    const withFull = apply(texts, limit, true, false);
    if (fits(withFull)) return withFull;
    if (Object.keys(withFull.full).length === 0) continue; // nothing cut: dropping full texts saves nothing
    const cutOnly = apply(texts, limit, false, false);
    if (fits(cutOnly)) return cutOnly;
  }
  // Nothing fits: the shortest limit, and the page says the size goal is not met.
  return apply(texts, TRUNCATION_LIMITS[TRUNCATION_LIMITS.length - 1]!, false, true);
}

/** Bytes the texts take in the page: cut texts and full texts are packed apart (see render.ts). */
export function packedSize(f: Pick<FittedTexts, 'texts' | 'full'>): number {
  return packJson(f.texts).length + packJson(f.full).length;
}

function apply(texts: string[], limit: number, keepFull: boolean, overBudget: boolean): FittedTexts {
  const out: string[] = new Array(texts.length);
  const full: Record<string, string> = {};
  const cut: Record<string, number> = {};
  texts.forEach((t, i) => {
    if (t.length <= limit) {
      out[i] = t;
      return;
    }
    out[i] = truncate(t, limit);
    cut[String(i)] = t.length;
    if (keepFull) full[String(i)] = t;
  });
  return { texts: out, full, truncation: { limit, cut, fullKept: keepFull, overBudget } };
}

/** Cuts at `limit` UTF-16 units without splitting a surrogate pair, and marks the cut with an ellipsis. */
export function truncate(text: string, limit: number): string {
  if (text.length <= limit) return text;
  let end = limit;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return text.slice(0, end) + '…';
}
