/**
 * Text → token n-gram hashes for overlap checks. Chinese, Japanese and Korean characters are
 * tokens on their own (no spaces to split on); other scripts split on anything not a letter/digit.
 * Text is NFKC-normalised (full-width → half-width) and lower-cased first, so "ＡＢＣ" and "abc" match.
 *
 * Speed matters: training files run to gigabytes. Each token is hashed once into two 32-bit
 * halves; an n-gram's hash folds its tokens' halves (integers only, no strings built); a gram is
 * first checked against a bitset before the exact (53-bit) lookup, so the common case — a gram
 * no probe has — costs one array read.
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

/** Per-token hash halves of one text, in reusable growable buffers. */
export class TokenHashes {
  h1 = new Int32Array(1024);
  h2 = new Int32Array(1024);
  length = 0;

  /** Replaces the contents with the tokens of `text`. */
  read(text: string): this {
    this.length = 0;
    let a = 0x811c9dc5 | 0;
    let b = 0x01000193 | 0;
    walkTokens(
      normalise(text),
      (u) => {
        a = Math.imul(a ^ u, 0x01000193);
        b = Math.imul(b ^ u, 0x5bd1e995);
      },
      () => {
        if (this.length === this.h1.length) this.grow();
        this.h1[this.length] = a;
        this.h2[this.length] = b;
        this.length++;
        a = 0x811c9dc5 | 0;
        b = 0x01000193 | 0;
      },
    );
    return this;
  }

  private grow(): void {
    const h1 = new Int32Array(this.h1.length * 2);
    const h2 = new Int32Array(this.h2.length * 2);
    h1.set(this.h1);
    h2.set(this.h2);
    this.h1 = h1;
    this.h2 = h2;
  }
}

/** First half of a gram's hash (the bitset key) for tokens [start, start + len). */
function gramHalf1(t: TokenHashes, start: number, len: number): number {
  let h = 0x2545f491;
  for (let i = start; i < start + len; i++) h = Math.imul(h ^ t.h1[i]!, 0x01000193) ^ (h >>> 15);
  return h;
}

function gramHalf2(t: TokenHashes, start: number, len: number): number {
  let h = 0x9e3779b9 | 0;
  for (let i = start; i < start + len; i++) h = Math.imul(h ^ t.h2[i]!, 0x5bd1e995) ^ (h >>> 13);
  return h;
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
