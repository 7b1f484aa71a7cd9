/** Options for text normalisation, as answer.yaml names them. */
export interface NormalizeOptions {
  /** Unicode NFKC: full-width letters/digits/punctuation become half-width, ligatures split. */
  nfkc: boolean;
  casefold: boolean;
  /** Drop punctuation and symbols (ASCII and CJK), keeping letters, digits and spaces. */
  punctuation: boolean;
  /** Collapse runs of whitespace to one space and trim. */
  whitespace: boolean;
  /** Remove spaces between CJK characters ("北 京" → "北京"), which NFKC and casefolding cannot. */
  cjkSpaces: boolean;
}

export const FULL_NORMALIZATION: NormalizeOptions = {
  nfkc: true, casefold: true, punctuation: true, whitespace: true, cjkSpaces: true,
};

/** CJK punctuation NFKC leaves alone, mapped to the ASCII a rule author would write. */
const CJK_PUNCT: Record<string, string> = {
  '。': '.', '、': ',', '「': '"', '」': '"', '『': '"', '』': '"', '【': '[', '】': ']',
  '《': '"', '》': '"', '«': '"', '»': '"', '〈': '"', '〉': '"', '“': '"', '”': '"', '‘': "'", '’': "'", '…': '...', '—': '-', '–': '-',
};
const CJK_PUNCT_RE = new RegExp(`[${Object.keys(CJK_PUNCT).join('')}]`, 'g');
const CJK = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}';
const CJK_SPACE_RE = new RegExp(`(?<=[${CJK}])\\s+(?=[${CJK}])`, 'gu');

/** Any code point outside ASCII. Pure-ASCII text (most English replies) is already NFKC and has no CJK. */
const NON_ASCII = /[^\x00-\x7f]/;

export function normalizeText(text: string, opts: NormalizeOptions = FULL_NORMALIZATION): string {
  let s = text;
  const ascii = !NON_ASCII.test(s);
  if (opts.nfkc && !ascii) s = s.normalize('NFKC').replace(CJK_PUNCT_RE, (c) => CJK_PUNCT[c] ?? c);
  if (opts.casefold) s = s.toLowerCase();
  if (opts.punctuation) s = s.replace(/[\p{P}\p{S}]+/gu, ' ');
  if (opts.whitespace) s = s.replace(/\s+/gu, ' ').trim();
  if (opts.cjkSpaces && !ascii) s = s.replace(CJK_SPACE_RE, '');
  return s;
}

/**
 * The form rule patterns are matched against: NFKC (full-width → half-width), CJK punctuation
 * mapped to ASCII, curly quotes straightened, lower case, whitespace collapsed, punctuation kept
 * (sentence boundaries and "can't" need it).
 */
export function normalizeForRules(text: string): string {
  return normalizeText(text, { nfkc: true, casefold: true, punctuation: false, whitespace: false, cjkSpaces: false })
    .replace(/[ \t\u00a0\u3000]+/g, ' ');
}

/**
 * Sentences of a rule-normalised text: split after . ! ? ; (ASCII after NFKC) and at line breaks,
 * keeping list items and lines separate. Decimal points ("3.5") do not split.
 * A hand-written scan (it runs on every reply, for two graders); it cuts where the regex split
 * `/(?<=[!?;])\s*|(?<=\.)(?!\d)\s*|\n+/u` did, and pieces are trimmed either way.
 */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  const keep = (piece: string): void => {
    const t = piece.trim();
    if (t.length > 0) out.push(t);
  };
  let start = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 33 || c === 63 || c === 59 || (c === 46 && !isAsciiDigit(text.charCodeAt(i + 1)))) {
      keep(text.slice(start, i + 1));
      start = i + 1;
    } else if (c === 10) {
      keep(text.slice(start, i));
      start = i + 1;
    }
  }
  keep(text.slice(start));
  return out;
}

/** NaN (past the end) is not a digit. */
function isAsciiDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/** Han, kana and Hangul code points (the scripts written without spaces between words). */
function isCjk(c: number): boolean {
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x3040 && c <= 0x30ff) ||
    (c >= 0xac00 && c <= 0xd7af) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0x1100 && c <= 0x11ff) ||
    (c >= 0x3130 && c <= 0x318f) || (c >= 0x20000 && c <= 0x2ffff);
}

/**
 * Content size in "word units": Latin words plus CJK characters / 1.5 (about one word each).
 * A hand-written scan: it runs on every clause of every reply, so it allocates nothing.
 */
export function wordUnits(text: string): number {
  let cjk = 0;
  let words = 0;
  let inWord = false;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    // Code points, as `for (const ch of text)` would give them, without a string per character.
    let c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        c = (c - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
        i++;
      }
    }
    if (c >= 0x1100 && isCjk(c)) {
      cjk++;
      inWord = false;
      continue;
    }
    const wordChar =
      c < 128 ? (c >= 48 && c <= 57) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90) : LETTER_OR_DIGIT.test(String.fromCodePoint(c));
    // An apostrophe or hyphen inside a word ("can't", "well-known") does not end it.
    if (wordChar) {
      if (!inWord) words++;
      inWord = true;
    } else if (!(inWord && (c === 39 || c === 45))) inWord = false;
  }
  return words + cjk / 1.5;
}

/** Characters as a person counts them (code points, not UTF-16 units): SQLite's length() agrees. */
export function charCount(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}
