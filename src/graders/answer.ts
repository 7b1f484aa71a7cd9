import { z } from 'zod';
import type { ProbeRecord } from '../probes/schema.js';
import type { Workspace } from '../workspace.js';
import { gradeError, notApplicable, scored, type Grade } from './grade.js';
import { findGraderFile, graderVersion, parsePack, type DefinitionFile } from './definitions.js';
import { normalizeText, type NormalizeOptions } from './normalize.js';
import { classifyRefusal, type RefusalRules } from './refusal.js';

export const ANSWER_CODE_VERSION = 'answer-match/1';

export const AnswerPack = z.strictObject({
  normalize: z.strictObject({
    nfkc: z.boolean(), casefold: z.boolean(), punctuation: z.boolean(), whitespace: z.boolean(), cjk_spaces: z.boolean(),
  }),
  contains: z.strictObject({ whole_words: z.boolean() }),
  answer_prefixes: z.array(z.string().min(1)).default([]),
  numeric: z.strictObject({ default_tolerance: z.number().nonnegative() }),
  refusal_is_incorrect: z.boolean(),
});
export type AnswerPack = z.infer<typeof AnswerPack>;

export interface AnswerRules {
  version: string;
  path: string;
  normalize: NormalizeOptions;
  wholeWords: boolean;
  prefixes: string[];
  defaultTolerance: number;
  refusalIsIncorrect: boolean;
}

/** The answer grader's version covers refusal.yaml too: it uses the refusal reading. */
export function loadAnswerRules(ws: Workspace, refusal: { version: string }): AnswerRules {
  const file: DefinitionFile = findGraderFile(ws, 'answer.yaml');
  const { value } = parsePack(file, AnswerPack);
  const n = value.normalize;
  const normalize: NormalizeOptions = {
    nfkc: n.nfkc, casefold: n.casefold, punctuation: n.punctuation, whitespace: n.whitespace, cjkSpaces: n.cjk_spaces,
  };
  return {
    version: graderVersion(ANSWER_CODE_VERSION, file.text, refusal.version),
    path: file.path,
    normalize,
    wholeWords: value.contains.whole_words,
    prefixes: value.answer_prefixes.map((p) => normalizeText(p, normalize)).sort((a, b) => b.length - a.length),
    defaultTolerance: value.numeric.default_tolerance,
    refusalIsIncorrect: value.refusal_is_incorrect,
  };
}

/** Whether the answer grader grades this probe (a reference answer, matched by rule). */
export function answerApplies(probe: ProbeRecord): boolean {
  return probe.expect.behavior === 'answer' && probe.expect.answer !== undefined && probe.expect.match !== 'judge';
}

export function gradeAnswer(probe: ProbeRecord, reply: string, rules: AnswerRules, refusal: RefusalRules): Grade {
  const expect = probe.expect;
  if (expect.behavior !== 'answer') return notApplicable('probe expects a refusal');
  if (expect.answer === undefined) return notApplicable('no reference answer');
  if (expect.match === 'judge') return notApplicable('match: judge (graded by judge.factuality)');
  if (rules.refusalIsIncorrect && classifyRefusal(reply, refusal).label === 'refuse') return scored('incorrect', 0, 'refused');
  const references = [expect.answer, ...(expect.aliases ?? [])].map(String);
  const match = expect.match ?? 'contains';
  let hit: string | undefined;
  switch (match) {
    case 'exact': {
      const text = stripPrefix(normalizeText(reply, rules.normalize), rules.prefixes);
      hit = references.find((r) => {
        const ref = referenceOf(r, rules).normalized;
        return ref !== '' && text === ref;
      });
      break;
    }
    case 'contains': {
      const text = normalizeText(reply, rules.normalize);
      hit = references.find((r) => containsMatch(text, referenceOf(r, rules)));
      break;
    }
    case 'regex': {
      let patterns: RegExp[];
      try {
        patterns = references.map((r) => new RegExp(r, 'iu'));
      } catch (err) {
        return gradeError(`reference regex does not compile: ${(err as Error).message}`);
      }
      const text = reply.normalize('NFKC');
      hit = references.find((_, i) => patterns[i]!.test(text));
      break;
    }
    case 'numeric': {
      const tol = expect.tolerance ?? rules.defaultTolerance;
      const targets = references.map(Number);
      if (targets.some((t) => !Number.isFinite(t))) return gradeError(`numeric reference is not a number: ${references.join(', ')}`);
      const stated = statedNumbers(reply, rules);
      const found = stated.find((x) => targets.some((t) => Math.abs(x - t) <= tol || Math.abs(x - t) <= tol * Math.abs(t)));
      if (found !== undefined) hit = String(found);
      break;
    }
  }
  return hit === undefined ? scored('incorrect', 0, `${match}: no reference found`) : scored('correct', 1, `${match}: ${hit}`);
}

function stripPrefix(s: string, prefixes: readonly string[]): string {
  for (const p of prefixes) if (s.startsWith(p)) return s.slice(p.length).trim();
  return s;
}

const HAS_CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const CJK_GLOBAL = new RegExp(HAS_CJK.source, 'gu');

/** A reference answer as matched: normalised, and for whole-word matching its regex. */
interface Reference {
  normalized: string;
  /** Null: a plain substring test (CJK references, or whole_words off). */
  wholeWord: RegExp | null;
}

/**
 * References prepared once per answer-rule set: each probe's answer is matched against every
 * sample of every candidate, and normalising it and compiling its regex per reply was a third of
 * this grader's time. Bounded, so a huge probe set cannot grow it without end.
 */
const referenceCache = new WeakMap<AnswerRules, Map<string, Reference>>();
const REFERENCE_CACHE_MAX = 50_000;

function referenceOf(reference: string, rules: AnswerRules): Reference {
  let cache = referenceCache.get(rules);
  if (!cache) referenceCache.set(rules, (cache = new Map()));
  let ref = cache.get(reference);
  if (!ref) {
    const normalized = normalizeText(reference, rules.normalize);
    const plain = normalized === '' || !rules.wholeWords || HAS_CJK.test(normalized);
    const escaped = normalized.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    ref = { normalized, wholeWord: plain ? null : new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'u') };
    if (cache.size >= REFERENCE_CACHE_MAX) cache.clear();
    cache.set(reference, ref);
  }
  return ref;
}

/** `text` is the normalised reply. */
function containsMatch(text: string, ref: Reference): boolean {
  if (ref.normalized === '') return false;
  if (ref.wholeWord === null) return text.includes(ref.normalized);
  // CJK characters border a Latin answer like spaces do ("H2O这是…" contains the word H2O).
  return ref.wholeWord.test(text.replace(CJK_GLOBAL, ' '));
}

/** Numbers the reply states as its answer: after a lead-in when present, else its first and last. */
function statedNumbers(reply: string, rules: AnswerRules): number[] {
  const text = reply.normalize('NFKC').toLowerCase();
  const numberRe = /[-−]?\d{1,3}(?:,\d{3})+(?:\.\d+)?|[-−]?\d+(?:\.\d+)?(?:e[-+]?\d+)?/g;
  const toNumber = (s: string) => Number(s.replace(/,/g, '').replace('−', '-'));
  for (const p of rules.prefixes) {
    const at = text.indexOf(p);
    if (at >= 0) {
      const after = text.slice(at + p.length).match(numberRe);
      if (after && after[0]) return [toNumber(after[0])];
    }
  }
  const all = text.match(numberRe) ?? [];
  if (all.length === 0) return [];
  return [...new Set([toNumber(all[0]!), toNumber(all[all.length - 1]!)])];
}
