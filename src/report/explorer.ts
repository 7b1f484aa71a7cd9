import { FaultError } from '../errors.js';
import { ProbeRecord, probePromptText } from '../probes/schema.js';
import type { Db } from '../store/db.js';
import { reportReplyTexts, type ReportCandidateRow, type ReportProbeRow } from '../store/report-queries.js';
import { changedProbes } from './changes.js';
import { embedTexts } from './embed-texts.js';
import { readGrades } from './grade-table.js';
import { codeOutcomes } from './outcomes.js';
import type { NamedPair } from './pairs.js';
import { readReplyGrid } from './reply-grid.js';
import type { ExplorerData, ExplorerProbe } from './types.js';

export interface ExplorerSource {
  db: Db;
  candidates: ReportCandidateRow[];
  probes: Iterable<ReportProbeRow>;
  /** Sample slots per probe (largest `repeats`); samples at or above it are not shown. */
  samples: number;
  /** The pairs whose changed probes keep their reply texts when not every text fits. */
  pairs: NamedPair[];
  /** Packed bytes the reply texts may take in the page (the rest of the size goal goes to everything else). */
  textBudgetBytes: number;
}

/**
 * Builds the probe explorer's data: outcome codes for every candidate, probe, grader and sample — the
 * full set, so the page can compare any pair the reader picks — and the reply texts the page can carry.
 * Memory is typed arrays sized by the experiment; texts are read only for the replies embedded.
 */
export function buildExplorer(src: ExplorerSource): ExplorerData {
  const { probes, indexOfRow } = collectProbes(src.probes);
  const grid = readReplyGrid(src.db, src.candidates.map((c) => c.id), { count: probes.length, indexOfRow }, src.samples);
  const { codes, strings } = codeOutcomes(grid, readGrades(src.db, grid));
  const names = src.candidates.map((c) => c.name);
  const base = {
    candidates: names,
    probes,
    graders: codes.graders,
    graderClasses: codes.classes,
    omittedGraders: codes.omitted,
    samples: src.samples,
    tokens: codes.tokens,
    outcomes: strings,
  };
  const pairs = src.pairs
    .map((p) => ({ ...p, index: { a: names.indexOf(p.a), b: names.indexOf(p.b) } }))
    .filter((p) => p.index.a >= 0 && p.index.b >= 0)
    .map((p) => ({ ...p, changes: changedProbes(base, p.a, p.b) }));
  return { ...base, ...embedTexts(grid, reportReplyTexts(src.db), pairs, src.textBudgetBytes) };
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
