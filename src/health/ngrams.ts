/**
 * Text → token n-gram hashes for overlap checks. Chinese, Japanese and Korean characters are
 * tokens on their own (no spaces to split on); other scripts split on anything not a letter/digit.
 * Text is NFKC-normalised (full-width → half-width) and lower-cased first, so "ＡＢＣ" and "abc" match.
 *
 * Speed matters: training files run to gigabytes. Each token is hashed once into two 32-bit
 * halves, and prefix sums of a polynomial hash over them give any gram's hash in constant time
 * (integers only, no strings built); a gram is first checked against a bitset before the exact
 * (53-bit) lookup, so the common case — a gram no probe has — costs a few multiplications and one
 * array read, whatever n is.
 */

const SEP = 1;
const WORD = 2;
const CJK = 3;

/** Class of every code point, filled on first sight (0 = not yet known). */
const classes = new Uint8Array(0x110000);
const WORD_CHAR = /[\p{L}\p{N}]/u;

function isCjk(cp: number): boolean {
  return (
    (cp >= 0x3040 && cp <= 0x30ff) || (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xac00 && cp <= 0xd7af)
  );
}

function classOf(cp: number): number {
  const known = classes[cp]!;
  if (known !== 0) return known;
  const c = isCjk(cp) ? CJK : WORD_CHAR.test(String.fromCodePoint(cp)) ? WORD : SEP;
  classes[cp] = c;
  return c;
}

const NON_ASCII = /[^\x00-\x7f]/;
/** 1 for the ASCII word characters (digits, lower-case letters) after lower-casing. */
const ASCII_WORD = new Uint8Array(128).map((_, c) => ((c >= 48 && c <= 57) || (c >= 97 && c <= 122) ? 1 : 0));

/** NFKC + lower case; pure ASCII only needs lower-casing, which the scanners do per character. */
function normalise(text: string): string {
  return NON_ASCII.test(text) ? text.normalize('NFKC').toLowerCase() : text;
}

/**
 * Walks the tokens of normalised text: `onChar(code unit)` for each code unit of a token,
 * `onEnd()` after each token. ASCII upper case is lowered here.
 */
function walkTokens(s: string, onChar: (unit: number) => void, onEnd: () => void): void {
  let inWord = false;
  for (let i = 0; i < s.length; i++) {
    let unit = s.charCodeAt(i);
    let cp = unit;
    let width = 1;
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < s.length) {
      const low = s.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        cp = (unit - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
        width = 2;
      }
    }
    if (unit >= 65 && unit <= 90) unit += 32;
    const c = classOf(cp >= 65 && cp <= 90 ? cp + 32 : cp);
    if (c === WORD) {
      onChar(unit);
      if (width === 2) onChar(s.charCodeAt(i + 1));
      inWord = true;
    } else {
      if (inWord) onEnd();
      inWord = false;
      if (c === CJK) {
        onChar(unit);
        if (width === 2) onChar(s.charCodeAt(i + 1));
        onEnd();
      }
    }
    i += width - 1;
  }
  if (inWord) onEnd();
}

export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  let word: number[] = [];
  walkTokens(normalise(text), (u) => word.push(u), () => {
    tokens.push(String.fromCharCode(...word));
    word = [];
  });
  return tokens;
}

const B1 = 0x01000193;
const B2 = 0x5bd1e995;
/** Longest gram: n is at most 50. */
const MAX_GRAM = 64;
const powers = (base: number): Int32Array => {
  const p = new Int32Array(MAX_GRAM + 1);
  p[0] = 1;
  for (let i = 1; i <= MAX_GRAM; i++) p[i] = Math.imul(p[i - 1]!, base);
  return p;
};
const POW1 = powers(B1);
const POW2 = powers(B2);

/** Final avalanche (murmur3 fmix32): spreads a polynomial hash's bits, the low ones included. */
function fmix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/**
 * Per-token hashes of one text as prefix sums of two polynomial hashes (mod 2^32), in reusable
 * growable buffers: p1[k] = p1[k-1]·B1 + token hash, so a gram's hash is p1[i+len] − p1[i]·B1^len.
 */
export class TokenHashes {
  p1 = new Int32Array(1025);
  p2 = new Int32Array(1025);
  length = 0;

  private a = 0;
  private b = 0;

  /** Replaces the contents with the tokens of `text`. */
  read(text: string): this {
    this.length = 0;
    this.a = 0x811c9dc5 | 0;
    this.b = 0x01000193 | 0;
    if (NON_ASCII.test(text)) {
      walkTokens(text.normalize('NFKC').toLowerCase(), (u) => this.char(u), () => this.end());
      return this;
    }
    // ASCII, most training text: the same walk without per-character calls or normalisation.
    let inWord = false;
    for (let i = 0; i < text.length; i++) {
      let u = text.charCodeAt(i);
      if (u >= 65 && u <= 90) u += 32;
      if (ASCII_WORD[u] === 1) {
        this.a = Math.imul(this.a ^ u, 0x01000193);
        this.b = Math.imul(this.b ^ u, 0x5bd1e995);
        inWord = true;
      } else if (inWord) {
        this.end();
        inWord = false;
      }
    }
    if (inWord) this.end();
    return this;
  }

  private char(u: number): void {
    this.a = Math.imul(this.a ^ u, 0x01000193);
    this.b = Math.imul(this.b ^ u, 0x5bd1e995);
  }

  private end(): void {
    if (this.length + 1 === this.p1.length) this.grow();
    const k = this.length;
    this.p1[k + 1] = (Math.imul(this.p1[k]!, B1) + this.a) | 0;
    this.p2[k + 1] = (Math.imul(this.p2[k]!, B2) + fmix(this.b)) | 0;
    this.length++;
    this.a = 0x811c9dc5 | 0;
    this.b = 0x01000193 | 0;
  }

  private grow(): void {
    const p1 = new Int32Array(this.p1.length * 2);
    const p2 = new Int32Array(this.p2.length * 2);
    p1.set(this.p1);
    p2.set(this.p2);
    this.p1 = p1;
    this.p2 = p2;
  }
}

/** First half of a gram's hash for tokens [start, start + len). */
function gramHalf1(t: TokenHashes, start: number, len: number): number {
  return fmix((t.p1[start + len]! - Math.imul(t.p1[start]!, POW1[len]!)) | 0);
}

/** Second half (its low bits key the bitset). */
function gramHalf2(t: TokenHashes, start: number, len: number): number {
  return fmix((t.p2[start + len]! - Math.imul(t.p2[start]!, POW2[len]!)) | 0);
}

/** The 53-bit hash of a gram from its halves: collisions are negligible at billions of lookups. */
const gramKey = (h1: number, h2: number): number => (h1 >>> 0) * 0x200000 + ((h2 >>> 0) & 0x1fffff);

/**
 * Visits every n-gram of the text with its hash halves, position and length. A text shorter than
 * n tokens has one gram, the whole text (so a short probe can still be found verbatim); an empty
 * text has none.
 */
export function forEachGram(text: string, n: number, visit: (h1: number, h2: number, pos: number, len: number) => void): void {
  const t = new TokenHashes().read(text);
  if (t.length === 0) return;
  const len = Math.min(n, t.length);
  for (let i = 0; i + len <= t.length; i++) visit(gramHalf1(t, i, len), gramHalf2(t, i, len), i, len);
}

/** The 53-bit hashes of every n-gram of the text (see forEachGram). */
export function ngramHashes(text: string, n: number): number[] {
  const out: number[] = [];
  forEachGram(text, n, (h1, h2) => out.push(gramKey(h1, h2)));
  return out;
}

const FILTER_BITS = 24;
const FILTER_MASK = (1 << FILTER_BITS) - 1;

/**
 * The grams of a probe set, for looking up training text: a bitset over 24 bits of one hash half
 * screens out almost every gram of the training data before the exact 53-bit lookup.
 */
export class GramIndex<T> {
  private readonly filter = new Uint8Array(1 << (FILTER_BITS - 3));
  private readonly exact = new Map<number, T[]>();
  /** Gram lengths to try: n, and the token counts of fields shorter than n. */
  private readonly lengths = new Set<number>();

  add(h1: number, h2: number, len: number, value: T): void {
    const key = gramKey(h1, h2);
    const list = this.exact.get(key);
    if (list) list.push(value);
    else this.exact.set(key, [value]);
    const bit = h2 & FILTER_MASK;
    this.filter[bit >>> 3]! |= 1 << (bit & 7);
    this.lengths.add(len);
  }

  /** Calls `hit` with every indexed value whose gram occurs in the tokens. */
  scan(t: TokenHashes, hit: (value: T) => void): void {
    for (const len of this.lengths) {
      for (let i = 0; i + len <= t.length; i++) {
        const h2 = gramHalf2(t, i, len);
        const bit = h2 & FILTER_MASK;
        if ((this.filter[bit >>> 3]! & (1 << (bit & 7))) === 0) continue;
        const values = this.exact.get(gramKey(gramHalf1(t, i, len), h2));
        if (values) for (const v of values) hit(v);
      }
    }
  }
}
