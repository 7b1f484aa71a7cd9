/**
 * Checks that a probe's `lang` fits its text, by the script of its letters. A wrong tag splits
 * per-language metrics wrongly (a Chinese prompt counted as English), so it is worth a warning.
 */

type Script = 'cjk' | 'latin' | 'cyrillic' | 'arabic' | 'greek' | 'hebrew' | 'devanagari' | 'thai';

const SCRIPT_PATTERNS: [Script, RegExp][] = [
  ['cjk', /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u],
  ['latin', /\p{Script=Latin}/u],
  ['cyrillic', /\p{Script=Cyrillic}/u],
  ['arabic', /\p{Script=Arabic}/u],
  ['greek', /\p{Script=Greek}/u],
  ['hebrew', /\p{Script=Hebrew}/u],
  ['devanagari', /\p{Script=Devanagari}/u],
  ['thai', /\p{Script=Thai}/u],
];

// Primary language subtag -> the script its text is written in. Languages not listed are not checked.
const EXPECTED: Record<string, Script> = {
  zh: 'cjk', ja: 'cjk', ko: 'cjk', yue: 'cjk', wuu: 'cjk',
  ru: 'cyrillic', uk: 'cyrillic', be: 'cyrillic', bg: 'cyrillic', mk: 'cyrillic', kk: 'cyrillic',
  ar: 'arabic', fa: 'arabic', ur: 'arabic', ps: 'arabic',
  el: 'greek', he: 'hebrew', hi: 'devanagari', mr: 'devanagari', ne: 'devanagari', th: 'thai',
  en: 'latin', fr: 'latin', de: 'latin', es: 'latin', it: 'latin', pt: 'latin', nl: 'latin',
  sv: 'latin', da: 'latin', no: 'latin', nb: 'latin', nn: 'latin', fi: 'latin', is: 'latin',
  pl: 'latin', cs: 'latin', sk: 'latin', sl: 'latin', hr: 'latin', ro: 'latin', hu: 'latin',
  tr: 'latin', id: 'latin', ms: 'latin', vi: 'latin', ca: 'latin', eu: 'latin', gl: 'latin',
  et: 'latin', lv: 'latin', lt: 'latin', sw: 'latin', tl: 'latin', af: 'latin', ga: 'latin',
};

export function scriptCounts(text: string): Map<Script, number> {
  const counts = new Map<Script, number>();
  for (const ch of text) {
    for (const [script, re] of SCRIPT_PATTERNS) {
      if (re.test(ch)) {
        counts.set(script, (counts.get(script) ?? 0) + 1);
        break;
      }
    }
  }
  return counts;
}

/** Why `lang` looks wrong for `text`, or undefined when it fits (or cannot be judged). */
export function langOddity(lang: string, text: string): string | undefined {
  const primary = lang.split('-')[0]?.toLowerCase() ?? '';
  const expected = EXPECTED[primary];
  if (!expected) return undefined;
  const counts = scriptCounts(text);
  const letters = [...counts.values()].reduce((a, b) => a + b, 0);
  if (letters === 0) return undefined;
  const own = counts.get(expected) ?? 0;
  if (expected === 'cjk') {
    // Chinese text often carries Latin words (Python, GPU): any CJK at all is enough.
    return own === 0 ? `lang ${lang} but the text has no CJK characters` : undefined;
  }
  if (own / letters >= 0.5) return undefined;
  const [dominant, n] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0] ?? ['latin', 0];
  const share = Math.round((100 * n) / letters);
  return `lang ${lang} but ${share}% of the letters are ${dominant === 'cjk' ? 'CJK' : dominant}`;
}
