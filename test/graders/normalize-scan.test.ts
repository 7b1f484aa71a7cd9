import { describe, expect, it } from 'vitest';
import { normalizeText, splitSentences, wordUnits, FULL_NORMALIZATION } from '../../src/graders/normalize.js';

/**
 * The hand-written scans in normalize.ts replaced a regex split and a code-point iterator for
 * speed; graded results must not move. Each is checked against the definition it replaced, on
 * edge cases and on a generated corpus of English, Chinese, emoji, decimals and line breaks.
 */
const referenceSplit = (text: string): string[] =>
  text.split(/(?<=[!?;])\s*|(?<=\.)(?!\d)\s*|\n+/u).map((s) => s.trim()).filter((s) => s.length > 0);

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const isCjk = (c: number): boolean =>
  (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x3040 && c <= 0x30ff) || (c >= 0xac00 && c <= 0xd7af) ||
  (c >= 0xf900 && c <= 0xfaff) || (c >= 0x1100 && c <= 0x11ff) || (c >= 0x3130 && c <= 0x318f) || (c >= 0x20000 && c <= 0x2ffff);
function referenceUnits(text: string): number {
  let cjk = 0;
  let words = 0;
  let inWord = false;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c >= 0x1100 && isCjk(c)) {
      cjk++;
      inWord = false;
      continue;
    }
    const wordChar = c < 128 ? /[0-9a-zA-Z]/.test(ch) : LETTER_OR_DIGIT.test(ch);
    if (wordChar) {
      if (!inWord) words++;
      inWord = true;
    } else if (!(inWord && (c === 39 || c === 45))) inWord = false;
  }
  return words + cjk / 1.5;
}

const EDGES = ['', 'a.5', 'a. 5', 'a.\n5', '..', '!!!', '\n\n', 'x?y;z!', '3.14 is pi. yes', 'a\r\nb', '\ud800x', 'a\u2028b.c', 'end.', ' lead', "can't well-known", '𠀀𠀁 ab', 'こんにちは 世界', '안녕 하세요'];
function corpus(): string[] {
  const pieces = ['hello', 'world.', "I can't", 'help—', '“quoted”', '北京是首都。', '3.5', 'ok!', 'fine;', '\n- item', 'éclair', '😀', 'end.', '１２３', '?', ' '];
  let seed = 7;
  const next = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const out: string[] = [];
  for (let i = 0; i < 2000; i++) {
    let t = '';
    const n = Math.floor(next() * 60);
    for (let j = 0; j < n; j++) t += pieces[Math.floor(next() * pieces.length)]! + (next() < 0.15 ? '\n' : next() < 0.5 ? ' ' : '');
    out.push(t);
  }
  return out;
}

describe('hand-written text scans', () => {
  it('splitSentences cuts exactly where the regex split did', () => {
    for (const t of [...EDGES, ...corpus()]) expect(splitSentences(t), JSON.stringify(t)).toEqual(referenceSplit(t));
    expect(splitSentences('Pi is 3.14. Next!\nitem one; two')).toEqual(['Pi is 3.14.', 'Next!', 'item one;', 'two']);
  });

  it('wordUnits counts as the code-point iteration did', () => {
    for (const t of [...EDGES, ...corpus()]) expect(wordUnits(t), JSON.stringify(t)).toBe(referenceUnits(t));
    expect(wordUnits("I can't help, 北京")).toBeCloseTo(3 + 2 / 1.5);
  });

  it('normalizeText takes the ASCII shortcut only where NFKC and CJK rules change nothing', () => {
    const full = (t: string): string =>
      t.normalize('NFKC').toLowerCase().replace(/[\p{P}\p{S}]+/gu, ' ').replace(/\s+/gu, ' ').trim();
    for (const t of ['Hello, World!  The answer is 42.', 'a\tb\nc', "It's O'Brien"]) expect(normalizeText(t, FULL_NORMALIZATION)).toBe(full(t));
    expect(normalizeText('ＡＢＣ　北 京', FULL_NORMALIZATION)).toBe('abc 北京');
  });
});
