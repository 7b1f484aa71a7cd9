import { FaultError } from '../errors.js';
import type { ReportGradeKind } from '../store/report-queries.js';
import type { GraderClass, OutcomeKind, OutcomeToken } from './types.js';

/**
 * A grader with more distinct outcomes than this gives continuous scores (reply length, say):
 * "its outcome changed" would flag every probe, so it is left out of the explorer, and the page says so.
 */
export const MAX_OUTCOMES_PER_GRADER = 12;

/**
 * One character per token. Printable ASCII first, leaving out characters that JSON or HTML would
 * escape (so they stay one byte in the page), then Latin letters for rare large grader sets.
 */
const ASCII = Array.from({ length: 0x7e - 0x21 + 1 }, (_, i) => String.fromCharCode(0x21 + i))
  .filter((c) => !`"\\<>&'`.includes(c))
  .join('');
const EXTENDED_FIRST = 0xc0;
const EXTENDED_LAST = 0x24f;

export function codeChar(i: number): string {
  if (i < ASCII.length) return ASCII[i]!;
  const cp = EXTENDED_FIRST + (i - ASCII.length);
  if (cp > EXTENDED_LAST) throw new FaultError(`report: more than ${ASCII.length + EXTENDED_LAST - EXTENDED_FIRST + 1} distinct grade outcomes`);
  return String.fromCodePoint(cp);
}

const DECISION_LABELS = new Set(['refuse', 'comply', 'partial']);
const CORRECTNESS_LABELS = new Set(['correct', 'incorrect', 'partially_correct', 'partial', 'pass', 'fail']);

/**
 * Reads a grader by the vocabulary it used: refuse/comply/partial is a decision (right or wrong only
 * against the probe's expected behaviour), correct/incorrect with scores in [0, 1] is correctness,
 * anything else (courtesy, a 1–5 tone score) describes the reply without passing or failing it.
 */
export function classifyGrader(scored: { label: string | null; score: number | null }[]): GraderClass {
  if (scored.length === 0) return 'descriptive';
  if (scored.every((k) => k.label !== null && DECISION_LABELS.has(k.label))) return 'decision';
  const inUnit = scored.every((k) => k.score !== null && k.score >= 0 && k.score <= 1);
  if (inUnit && scored.every((k) => k.label !== null && CORRECTNESS_LABELS.has(k.label))) return 'correctness';
  return 'descriptive';
}

type Special = 'not-run' | 'no-reply' | 'ungraded';
const SPECIAL_LABELS: Record<Special, string> = {
  'not-run': 'not run',
  'no-reply': 'no reply (request failed)',
  ungraded: 'not graded yet',
};

/** Assigns code characters to grade outcomes and decides which graders the explorer shows. */
export class OutcomeCodes {
  readonly tokens: OutcomeToken[] = [];
  readonly graders: string[] = [];
  readonly classes: GraderClass[] = [];
  readonly omitted: { name: string; reason: string }[] = [];
  private readonly byKey = new Map<string, string>();
  private readonly graderIdx = new Map<string, number>();
  private readonly classOf = new Map<string, GraderClass>();

  constructor(kinds: ReportGradeKind[]) {
    for (const s of Object.keys(SPECIAL_LABELS) as Special[]) this.add(`special\u0000${s}`, null, s, SPECIAL_LABELS[s], null);
    const byGrader = new Map<string, ReportGradeKind[]>();
    for (const k of kinds) {
      const list = byGrader.get(k.grader);
      if (list) list.push(k);
      else byGrader.set(k.grader, [k]);
    }
    for (const [grader, list] of [...byGrader].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const scored = list.filter((k) => k.status === 'scored');
      if (scored.length > MAX_OUTCOMES_PER_GRADER) {
        this.omitted.push({ name: grader, reason: `continuous scores (more than ${MAX_OUTCOMES_PER_GRADER} distinct values): compared in the configuration table, not probe by probe` });
        continue;
      }
      const cls = classifyGrader(scored);
      this.graderIdx.set(grader, this.graders.length);
      this.graders.push(grader);
      this.classes.push(cls);
      this.classOf.set(grader, cls);
      for (const k of list) this.codeFor(grader, k.status, k.label, k.score);
    }
  }

  special(s: Special): string {
    return this.byKey.get(`special\u0000${s}`)!;
  }

  graderIndex(grader: string): number | undefined {
    return this.graderIdx.get(grader);
  }

  /** The code of a grade; outcomes first seen here (a grade written while the report was built) get a new code. */
  codeFor(grader: string, status: string, label: string | null, score: number | null): string {
    const key = `${grader}\u0000${status}\u0000${label ?? ''}\u0000${score ?? ''}`;
    const known = this.byKey.get(key);
    if (known) return known;
    const kind = this.kindOf(grader, status, score);
    const text = status === 'scored' ? (label ?? String(score)) : status === 'error' ? 'grading error' : 'not applicable';
    return this.add(key, grader, kind, text, status === 'scored' ? score : null);
  }

  private kindOf(grader: string, status: string, score: number | null): OutcomeKind {
    if (status === 'error') return 'grade-error';
    if (status !== 'scored') return 'na';
    const cls = this.classOf.get(grader);
    if (cls === 'decision') return 'decision';
    if (cls !== 'correctness' || score === null) return 'value';
    if (score >= 1) return 'pass';
    if (score <= 0) return 'fail';
    return 'partial';
  }

  private add(key: string, grader: string | null, kind: OutcomeKind, label: string, score: number | null): string {
    const code = codeChar(this.tokens.length);
    this.tokens.push({ code, grader, kind, label, score });
    this.byKey.set(key, code);
    return code;
  }
}
