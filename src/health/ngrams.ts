/**
 * Text → token n-gram hashes for overlap checks. Chinese, Japanese and Korean characters are
 * tokens on their own (no spaces to split on); other scripts split on anything not a letter/digit.
 * Text is NFKC-normalised (full-width → half-width) and lower-cased first, so "ＡＢＣ" and "abc" match.
 */

const CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]/u;
const WORD_CHAR = /[\p{L}\p{N}]/u;

export function tokenize(text: string): string[] {
  const s = text.normalize('NFKC').toLowerCase();
  const tokens: string[] = [];
  let word = '';
  for (const ch of s) {
    if (CJK.test(ch)) {
      if (word) tokens.push(word), (word = '');
      tokens.push(ch);
    } else if (WORD_CHAR.test(ch)) {
      word += ch;
    } else if (word) {
      tokens.push(word);
      word = '';
    }
  }
  if (word) tokens.push(word);
  return tokens;
}

/** 53-bit FNV-1a style hash of a token run: collisions are negligible at billions of lookups. */
function hashTokens(tokens: string[], start: number, n: number): number {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let t = start; t < start + n; t++) {
    const tok = tokens[t]!;
    for (let i = 0; i < tok.length; i++) {
      const c = tok.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    }
    h1 = Math.imul(h1 ^ 0x20, 0x01000193); // token separator
    h2 = Math.imul(h2 ^ 0x20, 0x5bd1e995);
  }
  return (h1 >>> 0) * 0x200000 + ((h2 >>> 0) & 0x1fffff);
}

/**
 * Hashes of every n-gram of the text. A text shorter than n tokens yields one gram of the whole
 * text (so a short probe can still be found verbatim), and none when it is empty.
 */
export function ngramHashes(text: string, n: number): number[] {
  const tokens = tokenize(text);
  if (tokens.length === 0) return [];
  if (tokens.length < n) return [hashTokens(tokens, 0, tokens.length)];
  const out: number[] = [];
  for (let i = 0; i + n <= tokens.length; i++) out.push(hashTokens(tokens, i, n));
  return out;
}

/** Hashes of every n-gram and, for texts shorter than n, of each shorter window, for lookups. */
export function lookupHashes(tokens: string[], n: number, shortLengths: ReadonlySet<number>): number[] {
  const out: number[] = [];
  for (let i = 0; i + n <= tokens.length; i++) out.push(hashTokens(tokens, i, n));
  for (const len of shortLengths) {
    for (let i = 0; i + len <= tokens.length; i++) out.push(hashTokens(tokens, i, len));
  }
  return out;
}
