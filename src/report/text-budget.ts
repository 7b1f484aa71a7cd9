import type { Truncation } from './types.js';

/** Characters of a long reply shown first; shorter limits are tried only to meet the size goal. */
export const TRUNCATION_LIMITS = [600, 400, 300, 200, 150] as const;

export interface FittedTexts {
  texts: string[];
  full: Record<string, string>;
  truncation: Truncation;
}

/**
 * Fits deduplicated reply texts into a byte budget: long replies are cut to ~600 characters, and
 * their full text is kept behind an expander only when everything still fits. If the cut texts
 * alone do not fit, shorter limits are tried; the page states which limit was used.
 */
export function fitTexts(texts: string[], budgetBytes: number): FittedTexts {
  const sizes = texts.map(byteSize);
  for (const limit of TRUNCATION_LIMITS) {
    let cutBytes = 0;
    let longBytes = 0;
    for (let i = 0; i < texts.length; i++) {
      const t = texts[i]!;
      if (t.length > limit) {
        cutBytes += byteSize(truncate(t, limit));
        longBytes += sizes[i]!;
      } else cutBytes += sizes[i]!;
    }
    if (cutBytes <= budgetBytes) return apply(texts, limit, cutBytes + longBytes <= budgetBytes, false);
  }
  // Nothing fits: the shortest limit, and the page says the size goal is not met.
  return apply(texts, TRUNCATION_LIMITS[TRUNCATION_LIMITS.length - 1]!, false, true);
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

/** UTF-8 bytes plus the JSON escapes that control characters and markup characters cost in the page. */
export function byteSize(text: string): number {
  let extra = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x3c || c === 0x3e || c === 0x26) extra += 5; // \u003c and friends
    else if (c === 0x22 || c === 0x5c || c === 0x0a) extra += 1;
  }
  return Buffer.byteLength(text, 'utf8') + extra + 3;
}
