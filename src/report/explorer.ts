import { FaultError } from '../errors.js';
import { ProbeRecord, probePromptText } from '../probes/schema.js';
import type {
  ReportCandidateRow, ReportGradeKind, ReportGradeTuple, ReportProbeRow, ReportResponseTuple,
} from '../store/report-queries.js';
import { OutcomeCodes } from './outcome-codes.js';
import { fitTexts } from './text-budget.js';
import { TextCollector } from './text-collector.js';
import type { ExplorerData, ExplorerProbe } from './types.js';

export interface ExplorerSource {
  candidates: ReportCandidateRow[];
  probes: Iterable<ReportProbeRow>;
  /** Sample slots per probe (largest `repeats`); samples at or above it are not shown. */
  samples: number;
  gradeKinds: ReportGradeKind[];
  responses: Iterable<ReportResponseTuple>;
  grades: Iterable<ReportGradeTuple>;
  /** UTF-8 bytes the reply texts may take in the page (the rest of the 5 MB goes to everything else). */
  textBudgetBytes: number;
}

/**
 * Builds the probe explorer's data for every candidate and every probe of the experiment — the full
 * set, so the page can compare any pair the reader picks. Replies and grades stream in; only the
 * compact codes and the deduplicated texts are kept.
 */
export function buildExplorer(src: ExplorerSource): ExplorerData {
  const { probes, indexOfRow } = collectProbes(src.probes);
  const codes = new OutcomeCodes(src.gradeKinds);
  const k = src.samples;
  const G = codes.graders.length;
  const P = probes.length;
  const candIndex = new Map(src.candidates.map((c, i) => [c.id, i]));

  const notRun = codes.special('not-run');
  const cells: string[][] = src.candidates.map(() => new Array<string>(P * G * k).fill(notRun));
  const replies: Int32Array[] = src.candidates.map(() => new Int32Array(P * k).fill(-1));
  const collected = new TextCollector(src.textBudgetBytes);

  for (const [candidateId, probeRow, sample, text, errorClass] of src.responses) {
    const c = candIndex.get(candidateId);
    const p = indexOfRow.get(probeRow);
    if (c === undefined || p === undefined || sample >= k) continue;
    const code = text !== null && errorClass === null ? codes.special('ungraded') : codes.special('no-reply');
    for (let g = 0; g < G; g++) cells[c]![(p * G + g) * k + sample] = code;
    if (text !== null && errorClass === null) replies[c]![p * k + sample] = collected.add(text);
  }
  for (const [candidateId, probeRow, sample, grader, status, label, score] of src.grades) {
    const c = candIndex.get(candidateId);
    const p = indexOfRow.get(probeRow);
    const g = codes.graderIndex(grader);
    if (c === undefined || p === undefined || g === undefined || sample >= k) continue;
    cells[c]![(p * G + g) * k + sample] = codes.codeFor(grader, status, label, score);
  }

  const stride = G * k;
  const outcomes = cells.map((flat) => {
    const out = new Array<string>(P);
    for (let p = 0; p < P; p++) out[p] = flat.slice(p * stride, (p + 1) * stride).join('');
    return out;
  });
  const fitted = fitTexts(collected.texts, src.textBudgetBytes, { lengths: collected.preCut, maxLimit: collected.maxLimit });
  return {
    candidates: src.candidates.map((c) => c.name),
    probes,
    graders: codes.graders,
    graderClasses: codes.classes,
    omittedGraders: codes.omitted,
    samples: k,
    tokens: codes.tokens,
    outcomes,
    replies: replies.map((r) => Array.from(r)),
    texts: fitted.texts,
    full: fitted.full,
    truncation: fitted.truncation,
  };
}

/**
 * One explorer row per probe id (per set): when several versions of a set were evaluated, their rows
 * for the same id are merged so the pair stays comparable, and the newest version's record is shown.
 */
function collectProbes(rows: Iterable<ReportProbeRow>): { probes: ExplorerProbe[]; indexOfRow: Map<number, number> } {
  const byKey = new Map<string, { index: number; versionId: number }>();
  const probes: ExplorerProbe[] = [];
  const indexOfRow = new Map<number, number>();
  const sets = new Set<string>();
  for (const row of rows) {
    sets.add(row.setName);
    const key = `${row.setName}/${row.probeId}`;
    const record = parseRecord(row);
    const seen = byKey.get(key);
    if (seen) {
      indexOfRow.set(row.row, seen.index);
      if (row.setVersionId > seen.versionId) {
        probes[seen.index] = toProbe(key, row.setName, record);
        seen.versionId = row.setVersionId;
      }
      continue;
    }
    byKey.set(key, { index: probes.length, versionId: row.setVersionId });
    indexOfRow.set(row.row, probes.length);
    probes.push(toProbe(key, row.setName, record));
  }
  // With a single set the set name adds nothing to the key a reader sees.
  if (sets.size === 1) for (const p of probes) p.key = p.id;
  return { probes, indexOfRow };
}

function parseRecord(row: ReportProbeRow): ProbeRecord {
  let json: unknown;
  try {
    json = JSON.parse(row.recordJson);
  } catch (err) {
    throw new FaultError(`store: probe snapshot ${row.setName}/${row.probeId} is not valid JSON`, { cause: err });
  }
  const parsed = ProbeRecord.safeParse(json);
  if (!parsed.success) {
    throw new FaultError(`store: probe snapshot ${row.setName}/${row.probeId} is not a valid probe record: ${parsed.error.issues[0]?.message ?? ''}`);
  }
  return parsed.data;
}

function toProbe(key: string, set: string, r: ProbeRecord): ExplorerProbe {
  const prompt = probePromptText(r);
  const turns = r.messages?.length ?? 1;
  return {
    key,
    id: r.id,
    set,
    category: r.category,
    behavior: r.expect.behavior,
    tags: r.tags ?? [],
    lang: r.lang ?? null,
    group: r.group ?? null,
    prompt: turns > 1 ? `${prompt}\n[last user turn of ${turns} messages]` : prompt,
    expect: expectation(r),
  };
}

/** The expectation in words, e.g. `answer: Canberra (or 堪培拉; match contains)` or `refuse`. */
export function expectation(r: ProbeRecord): string {
  const e = r.expect;
  if (e.answer === undefined) return e.behavior;
  const extra: string[] = [];
  if (e.aliases?.length) extra.push(`or ${e.aliases.join(' / ')}`);
  if (e.match) extra.push(`match ${e.match}`);
  if (e.tolerance !== undefined) extra.push(`tolerance ${e.tolerance}`);
  return `${e.behavior}: ${String(e.answer)}${extra.length ? ` (${extra.join('; ')})` : ''}`;
}
