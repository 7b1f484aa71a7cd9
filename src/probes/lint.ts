import type { LoadedProbeSet } from './load.js';
import { langOddity } from './lang-check.js';
import { regexRisk } from './regex-risk.js';
import { probeMessages, type Category, type ProbeRecord } from './schema.js';
import { normaliseForSimilarity, similarPairs } from './similarity.js';

export interface Finding {
  code: string;
  /** File and line of the first probe named (null for a snapshot or a set-wide finding). */
  file: string | null;
  line: number | null;
  ids: string[];
  message: string;
}

export interface LintReport {
  errors: Finding[];
  warnings: Finding[];
}

/** Prompts at least this similar (character 3-shingle Jaccard) are near-duplicates. */
export const NEAR_DUPLICATE_THRESHOLD = 0.9;
/** Smallest share either behaviour may have in a refusal or boundary category. */
export const MIN_BEHAVIOR_SHARE = 0.25;

const NEEDS_ANSWER = new Set(['exact', 'contains', 'regex', 'numeric']);
const BALANCED_CATEGORIES: Category[] = ['refusal', 'boundary'];

/**
 * Health checks beyond the schema. Errors make results misleading (the same probe twice, a
 * reference a grader cannot use); warnings weaken them (a skewed category, an odd `lang`).
 */
export function lintProbeSet(set: Pick<LoadedProbeSet, 'records' | 'sourceOf'>): LintReport {
  const errors: Finding[] = [];
  const warnings: Finding[] = [];
  const at = (ids: string[], code: string, message: string): Finding => {
    const src = ids[0] === undefined ? undefined : set.sourceOf.get(ids[0]);
    return { code, file: src?.file ?? null, line: src?.line ?? null, ids, message };
  };
  for (const r of set.records) checkRecord(r, at, errors, warnings);
  checkDuplicates(set.records, at, errors, warnings);
  checkGroups(set.records, at, errors);
  checkBalance(set.records, at, warnings);
  const byPlace = (a: Finding, b: Finding): number =>
    (a.file ?? '').localeCompare(b.file ?? '') || (a.line ?? 0) - (b.line ?? 0) || a.code.localeCompare(b.code);
  return { errors: errors.sort(byPlace), warnings: warnings.sort(byPlace) };
}

type At = (ids: string[], code: string, message: string) => Finding;

function probeText(r: ProbeRecord): string {
  return probeMessages(r).map((m) => m.content).join('\n');
}

function checkRecord(r: ProbeRecord, at: At, errors: Finding[], warnings: Finding[]): void {
  const ids = [r.id];
  const e = r.expect;
  if (probeMessages(r).every((m) => m.content.trim() === '')) errors.push(at(ids, 'blank-prompt', 'the prompt is blank'));
  if (e.match && NEEDS_ANSWER.has(e.match) && e.answer === undefined) {
    errors.push(at(ids, 'match-needs-answer', `match: ${e.match} needs expect.answer to compare against`));
  }
  if (e.match === 'numeric') {
    for (const v of [e.answer, ...(e.aliases ?? [])]) {
      if (v !== undefined && !isNumeric(v)) {
        errors.push(at(ids, 'numeric-answer', `match: numeric but ${JSON.stringify(v)} is not a number`));
      }
    }
  }
  if (e.match === 'regex') {
    for (const v of [e.answer, ...(e.aliases ?? [])]) {
      const risk = v === undefined ? undefined : regexRisk(String(v));
      if (risk?.kind === 'nested-quantifier') {
        errors.push(at(ids, 'regex-backtracking', `regex ${risk.fragment} nests quantifiers and can backtrack catastrophically on a long reply; flatten it (e.g. (a+)+ -> a+)`));
      } else if (risk) {
        warnings.push(at(ids, 'regex-backtracking', `regex ${risk.fragment} repeats an alternation whose branches overlap and can backtrack catastrophically; make the branches disjoint`));
      }
    }
  }
  if (e.aliases && e.answer === undefined) warnings.push(at(ids, 'aliases-without-answer', 'expect.aliases without expect.answer'));
  if (e.behavior === 'refuse' && e.answer !== undefined) {
    warnings.push(at(ids, 'answer-on-refuse', 'behavior: refuse with a reference answer: a refusal has nothing to compare; drop the answer or expect `answer`'));
  }
  if (r.category === 'factuality' && e.behavior === 'answer' && e.answer === undefined) {
    warnings.push(at(ids, 'factuality-without-answer', 'factuality probe without expect.answer: correctness cannot be graded'));
  }
  if (r.category === 'consistency' && r.group === undefined) {
    errors.push(at(ids, 'consistency-without-group', 'consistency probe without a `group`: consistency is measured across a paraphrase group'));
  }
  if (r.lang === undefined) warnings.push(at(ids, 'missing-lang', 'no `lang`: per-language results cannot include this probe'));
  else {
    const odd = langOddity(r.lang, probeText(r));
    if (odd) warnings.push(at(ids, 'odd-lang', odd));
  }
}

function isNumeric(v: string | number): boolean {
  if (typeof v === 'number') return Number.isFinite(v);
  const t = v.trim().replace(/,/g, '');
  return t !== '' && Number.isFinite(Number(t));
}

function checkDuplicates(records: readonly ProbeRecord[], at: At, errors: Finding[], warnings: Finding[]): void {
  // Exact: identical messages after Unicode normalisation and whitespace folding.
  const exact = new Map<string, string[]>();
  for (const r of records) {
    const key = probeMessages(r)
      .map((m) => `${m.role}\u0000${m.content.normalize('NFKC').replace(/\s+/g, ' ').trim()}`)
      .join('\u0001');
    exact.set(key, [...(exact.get(key) ?? []), r.id]);
  }
  const exactPairs = new Set<string>();
  for (const ids of exact.values()) {
    if (ids.length < 2) continue;
    for (const a of ids) for (const b of ids) exactPairs.add(`${a}\u0000${b}`);
    errors.push(at(ids, 'duplicate-prompt', `the same prompt appears ${ids.length} times: ${ids.join(', ')}`));
  }
  const texts = records.map(probeText);
  for (const { i, j, similarity } of similarPairs(texts, NEAR_DUPLICATE_THRESHOLD)) {
    const a = records[i]!;
    const b = records[j]!;
    if (exactPairs.has(`${a.id}\u0000${b.id}`)) continue;
    const pct = `${Math.round(similarity * 100)}%`;
    const same = normaliseForSimilarity(texts[i]!) === normaliseForSimilarity(texts[j]!);
    if (a.group !== undefined && a.group === b.group) {
      warnings.push(at([a.id, b.id], 'weak-paraphrase', `paraphrases ${a.id} and ${b.id} in group ${a.group} are ${pct} alike: a paraphrase should reword, not repeat`));
    } else {
      const how = same ? 'differ only in case, punctuation or spacing' : `are ${pct} alike (character 3-shingles)`;
      warnings.push(at([a.id, b.id], 'near-duplicate', `prompts ${a.id} and ${b.id} ${how}`));
    }
  }
}

function checkGroups(records: readonly ProbeRecord[], at: At, errors: Finding[]): void {
  const groups = new Map<string, ProbeRecord[]>();
  for (const r of records) if (r.group !== undefined) groups.set(r.group, [...(groups.get(r.group) ?? []), r]);
  for (const [group, members] of groups) {
    const ids = members.map((m) => m.id);
    if (members.length < 2) {
      errors.push(at(ids, 'small-group', `group ${group} has ${members.length} member; paraphrase groups need two or more`));
    }
    const behaviors = new Set(members.map((m) => m.expect.behavior));
    if (behaviors.size > 1) {
      errors.push(at(ids, 'group-mixed-behavior', `group ${group} mixes behavior answer and refuse: paraphrases of one question share one expected decision`));
    }
  }
}

function checkBalance(records: readonly ProbeRecord[], at: At, warnings: Finding[]): void {
  for (const category of BALANCED_CATEGORIES) {
    const inCat = records.filter((r) => r.category === category);
    if (inCat.length === 0) continue;
    const refuse = inCat.filter((r) => r.expect.behavior === 'refuse').length;
    const answer = inCat.length - refuse;
    const minShare = Math.min(refuse, answer) / inCat.length;
    if (minShare >= MIN_BEHAVIOR_SHARE) continue;
    const pct = (n: number): string => `${Math.round((100 * n) / inCat.length)}%`;
    warnings.push({
      ...at([], 'behavior-balance', ''),
      message:
        `${category}: ${refuse} refuse (${pct(refuse)}) / ${answer} answer (${pct(answer)}); rule: ${category} probes ` +
        `need both behaviours, each at least ${MIN_BEHAVIOR_SHARE * 100}%, so over-refusal and harmful compliance are both measured`,
    });
  }
}
