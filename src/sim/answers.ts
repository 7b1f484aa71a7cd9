import type { ProbeRecord } from '../probes/schema.js';
import { looksChinese, type Lang } from './phrases.js';

/**
 * Right and wrong answer values for a probe with a reference answer, computed once when the
 * simulator starts. A wrong value is checked against the reference and every alias the way a
 * lenient grader would (normalised substring, regex, numeric tolerance), so a reply meant to be
 * wrong is never graded right by accident.
 */
export interface AnswerValues {
  /** Undefined when no value matching a regex reference could be derived. */
  correct: string | undefined;
  /** Up to three distinct wrong values; empty when none could be found. */
  wrongs: string[];
  /** `match: exact`: the reply is the bare value, as a model told "answer with only…" would give. */
  bare: boolean;
  /** Whether a sentence would make a reply count as right (used to filter filler sentences). */
  conflicts: (text: string) => boolean;
}

/** Lowercase, width-folded, without spaces and punctuation: how a lenient `contains` sees text. */
export function normalise(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[\s\p{P}\p{S}]+/gu, '');
}

/** Other probes' reference answers: those sharing the probe's first tag, then all of its language. */
export interface Distractors {
  sameTag: readonly string[];
  sameLang: readonly string[];
}

export function answerValues(rec: ProbeRecord, lang: Lang, distractors: Distractors, h: number): AnswerValues | undefined {
  const answer = rec.expect.answer;
  if (answer === undefined) return undefined;
  const refs = [answer, ...(rec.expect.aliases ?? [])].map(String);
  const conflicts = conflictTest(rec, refs);
  const regex = rec.expect.match === 'regex';
  const correct = regex ? literalForRegex(refs) : inScript(refs, lang);
  // An anchored pattern accepts only a reply that is the answer and nothing else.
  const bare = rec.expect.match === 'exact' || (regex && refs.some((p) => p.startsWith('^') || p.endsWith('$')));
  const wrongs: string[] = [];
  // A yes/no question has one plausible wrong answer.
  const limit = YES_NO[(correct ?? String(answer)).trim().toLowerCase()] ? 1 : 3;
  for (const value of wrongCandidates(correct ?? String(answer), lang, distractors, h)) {
    if (wrongs.length >= limit) break;
    if (!value || conflicts(value) || wrongs.includes(value) || value === correct) continue;
    wrongs.push(value);
  }
  return { correct, wrongs, bare, conflicts };
}

function conflictTest(rec: ProbeRecord, refs: string[]): (text: string) => boolean {
  if (rec.expect.match === 'regex') {
    const patterns = refs.map((p) => new RegExp(p, 'iu'));
    return (text) => patterns.some((p) => p.test(text));
  }
  const norms = refs.map(normalise).filter((n) => n.length > 0);
  const numbers = refs.map(Number).filter((n) => Number.isFinite(n));
  const tolerance = rec.expect.tolerance ?? 1e-6;
  return (text) => {
    const t = normalise(text);
    if (norms.some((n) => t.includes(n))) return true;
    if (numbers.length === 0) return false;
    for (const m of text.matchAll(/-?\d+(?:[.,]\d+)*/g)) {
      const v = Number(m[0].replace(/,/g, ''));
      if (numbers.some((n) => Math.abs(v - n) <= Math.max(tolerance, tolerance * Math.abs(n)))) return true;
    }
    return false;
  };
}

/** The reference a model writing in `lang` would say: 巴黎 in a Chinese reply, Paris in an English one. */
function inScript(refs: readonly string[], lang: Lang): string {
  return refs.find((r) => looksChinese(r) === (lang === 'zh')) ?? refs[0]!;
}

/**
 * A literal string a simple regex accepts: drop anchors and word boundaries, take the first
 * alternative, unwrap groups and escapes. Verified against the pattern; undefined if it fails.
 */
export function literalForRegex(patterns: readonly string[]): string | undefined {
  for (const pattern of patterns) {
    let s = firstAlternative(pattern)
      .replace(/\\b|\^|\$/g, '')
      .replace(/\(\?:|\(\?i\)|\(|\)/g, '')
      .replace(/\\s\*/g, '')
      .replace(/\\s\+?/g, ' ')
      .replace(/\\d[+*]?/g, '1')
      .replace(/\.\*|\.\+/g, ' ')
      .replace(/\[([^\]])[^\]]*\]/g, '$1')
      .replace(/(.)\?/gu, '$1')
      .replace(/\\(.)/g, '$1');
    s = s.replace(/\s+/g, ' ').trim();
    if (s && new RegExp(pattern, 'u').test(s)) return s;
  }
  return undefined;
}

/** The part of a pattern before its first top-level `|`. */
function firstAlternative(pattern: string): string {
  let depth = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') i++;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) return pattern.slice(0, i);
  }
  return pattern;
}

const YES_NO: Record<string, string> = { yes: 'no', no: 'yes', true: 'false', false: 'true', 是: '否', 否: '是', 对: '错', 错: '对', 能: '不能', 会: '不会' };

const FALLBACK: Readonly<Record<Lang, readonly string[]>> = {
  en: ['Paris', 'Mercury', 'Isaac Newton', 'the Pacific Ocean', 'Portuguese', 'Toronto', 'oxygen'],
  zh: ['北京', '水星', '牛顿', '太平洋', '葡萄牙语', '上海', '氧气'],
};

/**
 * Plausible wrong values, most plausible first: nearby numbers for a number, the opposite of a
 * yes/no, otherwise other probes' answers of the same shape (same tag first), rotated by `h` so
 * probes do not all share one distractor.
 */
function wrongCandidates(answer: string, lang: Lang, d: Distractors, h: number): string[] {
  const trimmed = answer.trim();
  if (/^-?\d+(\.\d+)?$/.test(trimmed)) return nearbyNumbers(Number(trimmed), trimmed);
  const out: string[] = [];
  const flipped = YES_NO[trimmed.toLowerCase()];
  if (flipped) out.push(matchCase(flipped, trimmed));
  const numInText = trimmed.match(/-?\d+(\.\d+)?/);
  if (numInText) for (const n of nearbyNumbers(Number(numInText[0]), numInText[0])) out.push(trimmed.replace(numInText[0], n));
  const short = trimmed.length <= 3;
  const sameShape = (v: string): boolean => !/^-?\d+(\.\d+)?$/.test(v) && (v.length <= 4) === short;
  out.push(...rotate(d.sameTag.filter(sameShape), h), ...rotate(d.sameLang.filter(sameShape), h), ...FALLBACK[lang]);
  return out;
}

function rotate(list: readonly string[], h: number): string[] {
  if (list.length === 0) return [];
  const k = h % list.length;
  return [...list.slice(k), ...list.slice(0, k)];
}

function nearbyNumbers(n: number, text: string): string[] {
  const decimals = text.includes('.') ? (text.split('.')[1] ?? '').length : 0;
  const fmt = (x: number): string => x.toFixed(decimals);
  const isYear = decimals === 0 && n >= 1000 && n <= 2100;
  const steps = isYear ? [n + 3, n - 7, n + 12, n - 2] : [n * 2, n + 1, n - 1, n * 3, n + 10, n / 2];
  return steps.filter((x) => x !== n && (decimals > 0 || Number.isInteger(x))).map(fmt);
}

function matchCase(word: string, like: string): string {
  return like[0] && like[0] === like[0].toUpperCase() ? word[0]!.toUpperCase() + word.slice(1) : word;
}
