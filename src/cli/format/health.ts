import type { ContaminationReport } from '../../health/contamination.js';
import type { ResultsDiff } from '../../health/diff-results.js';
import type {
  CoverageFinding, DiscriminatingFinding, FlakyFinding, GraderDisagreementFinding, HealthFinding, HealthReport,
  InconsistentGroupFinding, SaturatedFinding,
} from '../../health/types.js';

/** Plain-text renderings of probe-health, contamination and results-diff reports (--json gives the objects). */

/** Rows shown per list before "… N more". */
const MAX_ROWS = 20;

const pct = (x: number): string => `${Math.round(x * 100)}%`;
const pairs = (o: Record<string, number>): string => Object.entries(o).map(([k, v]) => `${k} ${v}`).join(', ') || '-';

function capped<T>(items: readonly T[], row: (t: T) => string): string[] {
  const out = items.slice(0, MAX_ROWS).map((t) => `  ${row(t)}`);
  if (items.length > MAX_ROWS) out.push(`  … ${items.length - MAX_ROWS} more (--json lists all)`);
  return out;
}

/** Ids wrapped to lines of about 100 characters. */
function idBlock(ids: readonly string[]): string[] {
  const lines: string[] = [];
  let line = '';
  for (const id of ids) {
    if (line.length + id.length + 1 > 100) {
      lines.push(`  ${line.trimEnd()}`);
      line = '';
    }
    line += `${id} `;
  }
  if (line) lines.push(`  ${line.trimEnd()}`);
  return lines;
}

const of = <K extends HealthFinding['kind']>(r: HealthReport, kind: K): Extract<HealthFinding, { kind: K }>[] =>
  r.findings.filter((f): f is Extract<HealthFinding, { kind: K }> => f.kind === kind);

export function formatHealth(r: HealthReport): string {
  const versions = r.versions.map((v) => `${v.version} ×${v.evaluations}`).join(', ') || 'none';
  const out = [
    `${r.set} health: ${r.evaluations} evaluation(s) of ${r.candidates} candidate(s); experiments: ${r.experiments.join(', ') || 'none'}; versions: ${versions}`,
  ];
  if (r.evaluations === 0) out.push('  no stored results for this set yet: findings below come from the records alone (run a plan on it)');
  out.push('', ...flaky(of(r, 'flaky')), '', ...saturated(of(r, 'saturated'), r.options.last), '', ...discriminating(of(r, 'discriminating')));
  out.push('', ...groups(of(r, 'inconsistent-group')), '', ...graders(of(r, 'grader-disagreement')), '', ...coverage(r, of(r, 'coverage')));
  return out.join('\n') + '\n';
}

function flaky(fs: FlakyFinding[]): string[] {
  const head = `flaky: ${fs.length} probe(s) whose repeats disagree for the same candidate — rewrite (one reading must be right)`;
  return [head, ...capped(fs, (f) => `${f.probes[0].padEnd(20)} ${pct(f.rate).padStart(4)} of ${f.n} candidates (${f.flipped} disagree)`)];
}

function saturated(fs: SaturatedFinding[], last: number): string[] {
  const pass = fs.filter((f) => f.state === 'pass').map((f) => f.probes[0]);
  const fail = fs.filter((f) => f.state === 'fail').map((f) => f.probes[0]);
  return [
    `saturated, passed by every reply of the last ${last} evaluations: ${pass.length} probe(s) — retire, or make harder`,
    ...idBlock(pass),
    `saturated, failed by every reply of the last ${last} evaluations: ${fail.length} probe(s) — rewrite (check the expectation)`,
    ...idBlock(fail),
  ];
}

function discriminating(fs: DiscriminatingFinding[]): string[] {
  const row = (f: DiscriminatingFinding): string =>
    `${f.probes[0].padEnd(20)} r ${f.r.toFixed(2).padStart(5)}  (${f.evaluations} evaluations, ${f.n} replies)  ${f.action}`;
  return [
    'most discriminating (point-biserial r of a reply\'s outcome with its candidate\'s score on the rest of the set) — add paraphrases',
    ...capped(fs.filter((f) => f.rank === 'top'), row),
    'least discriminating — retire (r near 0) or rewrite (r < 0: weaker candidates pass it)',
    ...capped(fs.filter((f) => f.rank === 'least'), row),
  ];
}

function groups(fs: InconsistentGroupFinding[]): string[] {
  return [
    `paraphrase groups inconsistent for every candidate: ${fs.length}`,
    ...capped(fs, (f) => `${f.group} [${f.probes.join(', ')}] best ${pct(f.maxAgreement)} over ${f.evaluations} evaluations — ${f.action}${f.odd ? ` (odd one: ${f.odd})` : ''}`),
  ];
}

function graders(fs: GraderDisagreementFinding[]): string[] {
  return [
    `rule vs judge disagreement: ${fs.length} probe(s) — rewrite (the expectation reads two ways)`,
    ...capped(fs, (f) => `${f.probes[0].padEnd(20)} ${f.rule} vs ${f.judge}: ${pct(f.rate)} of ${f.n} replies`),
  ];
}

function coverage(r: HealthReport, fs: CoverageFinding[]): string[] {
  const c = r.coverage;
  const tags = Object.entries(c.byTag).sort(([, a], [, b]) => b - a);
  const tagLine = tags.slice(0, 12).map(([k, v]) => `${k} ${v}`).join(', ') + (tags.length > 12 ? `, … ${tags.length - 12} more` : '');
  return [
    `coverage: ${c.probes} probes, ${c.evaluated} with stored results`,
    `  category: ${pairs(c.byCategory)}`,
    `  behavior: ${pairs(c.byBehavior)}    lang: ${pairs(c.byLang)}`,
    `  tags: ${tagLine || '-'}`,
    ...capped(fs, (f) => `[${f.code}] ${f.summary}${f.code === 'unevaluated' ? `: ${f.probes.slice(0, 8).join(', ')}${f.probes.length > 8 ? ', …' : ''}` : ''} — ${f.action}`),
  ];
}

export function formatContamination(r: ContaminationReport): string {
  const s = r.scanned;
  const out = [
    `${r.set} vs ${r.files.join(', ')}: ${r.findings.length} field(s) overlap training data ` +
      `(${r.options.n}-grams, threshold ${pct(r.options.threshold)}; ${r.checkedFields} fields checked, ${r.skippedShortFields} shorter than ${r.options.minTokens} tokens skipped)`,
  ];
  for (const f of r.findings) {
    out.push(`  ${f.probe.padEnd(20)} ${f.field.padEnd(7)} ${pct(f.overlap).padStart(4)} (${f.matched}/${f.grams} grams)  first at ${f.firstMatch.file}:${f.firstMatch.line}`);
  }
  const long = s.longLines > 0 ? `; ${s.longLines} line(s) over 1 MB scanned as text in windows` : '';
  out.push(`scanned ${s.lines} line(s), ${(s.chars / 1048576).toFixed(1)} MB of text; ${s.malformedJsonLines} malformed JSON line(s) read as plain text${long}`);
  return out.join('\n') + '\n';
}

const signed = (x: number | null, digits = 3): string => (x === null ? '—' : `${x >= 0 ? '+' : ''}${x.toFixed(digits)}`);
const num = (x: number | null): string => (x === null ? '—' : x.toFixed(3));

export function formatResultsDiff(d: ResultsDiff): string {
  const out = [`${d.from} -> ${d.to}: ${d.added.length} added, ${d.removed.length} removed, ${d.changed.length} changed`];
  for (const id of d.added) out.push(`+ ${id}`);
  for (const id of d.removed) out.push(`- ${id}`);
  for (const c of d.changed) out.push(`~ ${c.id}: ${c.fields.join(', ')}`);
  const res = d.results;
  out.push('', `results: ${res.candidates.length} candidate(s) evaluated on both versions; ${res.onlyFrom.length} on ${d.from} only, ${res.onlyTo.length} on ${d.to} only`);
  if (res.candidates.length === 0) {
    out.push(`  none evaluated on both: run the plan again on ${d.to} to see what the edit does to the numbers`);
  }
  for (const m of res.metrics) {
    out.push(`${m.metric}: mean over candidates ${num(m.from)} -> ${num(m.to)} (${signed(m.delta)}); ` +
      `removed ${signed(m.parts.removed)}, changed ${signed(m.parts.changed)}, added ${signed(m.parts.added)}, rerun of unchanged ${signed(m.parts.rerun)}`);
    for (const p of m.probes.slice(0, 8)) {
      out.push(`    ${p.change} ${p.unit.padEnd(22)} ${signed(p.effect)}  (unit ${num(p.from)} -> ${num(p.to)})`);
    }
  }
  for (const c of res.onlyFrom) out.push(`  ${c.candidate} (${d.from} only): ${summaryOf(c.metrics)}`);
  for (const c of res.onlyTo) out.push(`  ${c.candidate} (${d.to} only): ${summaryOf(c.metrics)}`);
  return out.join('\n') + '\n';
}

function summaryOf(ms: ResultsDiff['results']['onlyFrom'][number]['metrics']): string {
  return ms.map((m) => `${m.metric} ${num(m.value)} (on probes unchanged: ${num(m.unchanged)})`).join('; ');
}
