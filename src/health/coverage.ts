import type { LoadedProbeSet } from '../probes/load.js';
import { lintProbeSet, type Finding } from '../probes/lint.js';
import { Category, type ProbeRecord } from '../probes/schema.js';
import type { CoverageCounts, CoverageFinding } from './types.js';

/** What the metrics cannot measure without probes of a category. */
const MEASURES: Record<Category, string> = {
  refusal: 'refusal.harmful_refusal_rate and refusal.over_refusal_rate',
  boundary: 'boundary.accuracy',
  factuality: 'factuality.accuracy',
  consistency: 'consistency.agreement (paraphrase groups)',
};

const tally = (records: readonly ProbeRecord[], keys: (r: ProbeRecord) => string[]): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const r of records) for (const k of keys(r)) out[k] = (out[k] ?? 0) + 1;
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
};

/**
 * Coverage of the set: counts by category, behavior, tag and language, and where it is thin by
 * the balance rules of `probes lint` (applied to the whole set and to each language's slice, since
 * metrics are reported per language too), near-duplicates that over-weight one topic, categories
 * with no probe (a metric that cannot be measured), and probes no stored evaluation has graded.
 */
export function coverage(
  set: Pick<LoadedProbeSet, 'records' | 'sourceOf'>,
  evaluatedIds: ReadonlySet<string>,
  anyEvaluation: boolean,
): { counts: CoverageCounts; findings: CoverageFinding[] } {
  const { records } = set;
  const counts: CoverageCounts = {
    probes: records.length,
    byCategory: tally(records, (r) => [r.category]),
    byBehavior: tally(records, (r) => [r.expect.behavior]),
    byTag: tally(records, (r) => r.tags ?? []),
    byLang: tally(records, (r) => [r.lang ?? '(none)']),
    evaluated: records.filter((r) => evaluatedIds.has(r.id)).length,
  };
  const findings: CoverageFinding[] = [];
  for (const c of Category.options) {
    if (counts.byCategory[c] === undefined) {
      findings.push({ kind: 'coverage', code: 'missing-category', probes: [], action: 'add-probes', summary: `no ${c} probes: ${MEASURES[c]} cannot be measured` });
    }
  }
  const balance = (f: Finding, prefix: string): CoverageFinding => ({
    kind: 'coverage', code: 'behavior-balance', probes: [], action: 'add-probes', summary: `${prefix}${f.message}`,
  });
  const whole = lintProbeSet(set).warnings;
  for (const f of whole) if (f.code === 'behavior-balance') findings.push(balance(f, ''));
  const langs = Object.keys(counts.byLang).filter((l) => l !== '(none)');
  if (langs.length > 1) {
    for (const lang of langs) {
      const slice = { records: records.filter((r) => r.lang === lang), sourceOf: set.sourceOf };
      for (const f of lintProbeSet(slice).warnings) if (f.code === 'behavior-balance') findings.push(balance(f, `lang ${lang}: `));
    }
  }
  for (const f of whole) {
    if (f.code !== 'near-duplicate') continue;
    findings.push({ kind: 'coverage', code: 'near-duplicate', probes: f.ids, action: 'retire', summary: `${f.message}: one topic counted twice; retire one or reword it` });
  }
  if (anyEvaluation) {
    const missing = records.filter((r) => !evaluatedIds.has(r.id)).map((r) => r.id);
    if (missing.length > 0) {
      findings.push({
        kind: 'coverage', code: 'unevaluated', probes: missing, action: 'evaluate',
        summary: `${missing.length} probe(s) of this version have no graded reply yet (new or edited since the last run): run the plan on this version`,
      });
    }
  }
  return { counts, findings };
}
