import { once } from 'node:events';
import { createWriteStream, existsSync } from 'node:fs';
import { finished } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import { InputError } from './errors.js';
import { openDb } from './store/db.js';
import type { Workspace } from './workspace.js';
import type { Db } from './store/db.js';
import { findExperimentId } from './store/experiments.js';
import { experimentNames } from './store/experiments.js';
import { exportRows, gradersOf, unknownProbeIds, type ExportFilter, type ExportRow } from './store/export.js';
import { experimentCandidates } from './store/metric-queries.js';

export type ExportFormat = 'jsonl' | 'csv';

interface GradeCell {
  status: string;
  label: string | null;
  score: number | null;
  detail: string | null;
}

const BASE_COLUMNS = [
  'experiment', 'candidate', 'model', 'set', 'set_version', 'probe_id', 'category', 'behavior', 'group', 'lang',
  'sample', 'seed', 'text', 'finish_reason', 'latency_ms', 'prompt_tokens', 'completion_tokens',
  'system_fingerprint', 'attempts', 'error_class', 'error_message', 'created_at',
] as const;

function baseValues(experiment: string, r: ExportRow): (string | number | null)[] {
  return [
    experiment, r.candidate, r.model, r.set, r.setVersion, r.probeId, r.category, r.behavior, r.grp, r.lang,
    r.sample, r.seed, r.text, r.finishReason, r.latencyMs, r.promptTokens, r.completionTokens,
    r.fingerprint, r.attempts, r.errorClass, r.errorMessage, new Date(r.createdAt).toISOString(),
  ];
}

/**
 * Writes every stored reply of an experiment (and its grades) to `out`, one line per candidate ×
 * probe × sample, streaming from the store with backpressure. Returns the number of rows written.
 */
export async function exportExperiment(
  db: Db, experiment: string, format: ExportFormat, out: Writable, only: ExportFilter = {},
): Promise<number> {
  const id = findExperimentId(db, experiment);
  if (id === undefined) {
    const known = experimentNames(db);
    throw new InputError(`no experiment "${experiment}" in the store; known: ${known.length ? known.join(', ') : '(none yet)'}`);
  }
  checkFilter(db, id, experiment, only);
  const graders = gradersOf(db, id);
  const write = async (line: string): Promise<void> => {
    if (!out.write(line)) await once(out, 'drain');
  };
  if (format === 'csv') {
    const gradeColumns = graders.flatMap((g) => [`${g}.label`, `${g}.score`, `${g}.status`]);
    await write(csvLine([...BASE_COLUMNS, ...gradeColumns]));
  }
  let n = 0;
  for (const row of exportRows(db, id, only)) {
    const grades = row.gradesJson ? (JSON.parse(row.gradesJson) as Record<string, GradeCell>) : {};
    if (format === 'jsonl') {
      const obj: Record<string, unknown> = {};
      baseValues(experiment, row).forEach((v, i) => (obj[BASE_COLUMNS[i]!] = v));
      obj.grades = grades;
      await write(JSON.stringify(obj) + '\n');
    } else {
      const cells = graders.flatMap((g) => {
        const c = grades[g];
        return c ? [c.label, c.score, c.status] : [null, null, null];
      });
      await write(csvLine([...baseValues(experiment, row), ...cells]));
    }
    n++;
  }
  return n;
}

/**
 * RFC 4180: fields with comma, quote, CR or LF are quoted and inner quotes doubled; lines end in CRLF.
 * Text a spreadsheet would run as a formula is neutralised first (csvText).
 */
export function csvLine(values: readonly (string | number | null | undefined)[]): string {
  return values.map(csvField).join(',') + '\r\n';
}

/**
 * OWASP CSV injection: Excel, LibreOffice and Google Sheets run a cell that starts with `=`, `+`,
 * `-`, `@`, tab or CR as a formula (`=HYPERLINK(…)`, `=cmd|…`). Model text is untrusted, so such a
 * text cell gets a leading single quote: the spreadsheet shows it as text, quote included (JSONL
 * keeps every text exact). Numbers are ours, not text, and stay numbers (a score of -1 is no formula).
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvText(s: string): string {
  return FORMULA_START.test(s) ? `'${s}` : s;
}

function csvField(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'number' ? String(v) : csvText(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A filter naming a candidate or probe the experiment does not have is a typo: say so, list what there is. */
function checkFilter(db: Db, experimentId: number, experiment: string, only: ExportFilter): void {
  const names = experimentCandidates(db, experimentId).map((c) => c.name);
  const badNames = (only.candidates ?? []).filter((n) => !names.includes(n));
  if (badNames.length > 0) {
    throw new InputError(`${experiment} has no candidate ${badNames.join(', ')}; its candidates: ${names.join(', ')}`);
  }
  const badProbes = unknownProbeIds(db, experimentId, only.probes ?? []);
  if (badProbes.length > 0) throw new InputError(`no probe ${badProbes.join(', ')} in the probe sets ${experiment} was evaluated on`);
}

/** `stoppoint export`: from the workspace's store (read-only) to a file, or to stdout without a path. */
export async function exportToPath(
  ws: Workspace, experiment: string, format: ExportFormat, path: string | undefined, only: ExportFilter = {},
): Promise<number> {
  if (!existsSync(ws.storePath)) throw new InputError(`no store at ${ws.storePath}: run \`stoppoint run PLAN\` first`);
  const db = openDb(ws.storePath, { readonly: true });
  try {
    if (!path) return await exportExperiment(db, experiment, format, process.stdout, only);
    const out = createWriteStream(path);
    try {
      const n = await exportExperiment(db, experiment, format, out, only);
      out.end();
      await finished(out);
      return n;
    } catch (err) {
      out.destroy();
      throw err;
    }
  } finally {
    db.close();
  }
}
