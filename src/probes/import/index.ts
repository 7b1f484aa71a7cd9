import { basename } from 'node:path';
import { z } from 'zod';
import { InputError, type InputProblem } from '../../errors.js';
import type { Workspace } from '../../workspace.js';
import { lintProbeSet, type Finding } from '../lint.js';
import { loadProbeSetDir, type LoadedProbeSet } from '../load.js';
import { checkRecords } from '../records.js';
import { ProbeSetMeta } from '../schema.js';
import { checkMappedColumns, mapRows, parseFieldMap, type DraftRecord, type FieldDefaults } from './field-map.js';
import { readCsvRows, readJsonlRows } from './rows.js';
import { TRUTHFULQA_ATTRIBUTION, truthfulqaRecords } from './truthfulqa.js';
import { writeProbeSet } from './write-set.js';
import { XSTEST_ATTRIBUTION, xstestRecords } from './xstest.js';

export const ImportFormat = z.enum(['jsonl', 'csv', 'xstest', 'truthfulqa']);
export type ImportFormat = z.infer<typeof ImportFormat>;

export interface ImportOptions {
  file: string;
  set: string;
  format: ImportFormat;
  /** `field=column` pairs; required for csv/jsonl, not used by the named formats. */
  map?: readonly string[];
  defaults?: FieldDefaults;
  description?: string;
  force?: boolean;
}

export interface ImportResult {
  set: LoadedProbeSet;
  dir: string;
  /** Lint warnings of the imported set (errors refuse the import). */
  warnings: Finding[];
}

/**
 * Converts a file into a probe set in the workspace. Everything is validated and linted before
 * anything is written: a file that would make a broken set is refused with `file:line` reasons.
 */
export function importProbeSet(ws: Workspace, opts: ImportOptions): ImportResult {
  const metaCheck = ProbeSetMeta.shape.name.safeParse(opts.set);
  if (!metaCheck.success) throw new InputError(`bad --set "${opts.set}": ${metaCheck.error.issues[0]?.message ?? 'invalid name'}`);
  const { drafts, file, notes } = draftsFor(opts);
  const checked = checkRecords(drafts.map((d) => ({ value: d.value, file, line: d.line, locate: () => d.line })));
  if (checked.problems.length > 0) throw new InputError(checked.problems);
  if (checked.records.length === 0) throw new InputError('the file has no rows to import', { file });
  const lint = lintProbeSet(checked);
  if (lint.errors.length > 0) {
    throw new InputError(lint.errors.map((f): InputProblem => ({
      location: f.file ? { file: f.file, line: f.line ?? undefined } : undefined,
      message: `${f.code}: ${f.message}`,
    })));
  }
  const meta: ProbeSetMeta = {
    name: opts.set,
    description: opts.description ?? `Imported from ${basename(opts.file)} (${opts.format}).`,
    notes,
  };
  // Written in source-row order so the file reads alongside the original.
  const byId = new Map(checked.records.map((r) => [r.id, r]));
  const inRowOrder = drafts.map((d) => byId.get(String(d.value.id))).filter((r) => r !== undefined);
  const dir = writeProbeSet(ws.probesDir, meta, inRowOrder, opts.force ?? false);
  return { set: loadProbeSetDir(dir), dir, warnings: lint.warnings };
}

function draftsFor(opts: ImportOptions): { drafts: DraftRecord[]; file: string; notes: string } {
  const source = `Imported by \`stoppoint probes import --format ${opts.format}\` from ${basename(opts.file)}.`;
  switch (opts.format) {
    case 'xstest': {
      refuseMapping(opts);
      const src = readCsvRows(opts.file);
      return { drafts: xstestRecords(src), file: src.file, notes: `${source} ${XSTEST_ATTRIBUTION}` };
    }
    case 'truthfulqa': {
      refuseMapping(opts);
      const src = readCsvRows(opts.file);
      return { drafts: truthfulqaRecords(src), file: src.file, notes: `${source} ${TRUTHFULQA_ATTRIBUTION}` };
    }
    case 'csv':
    case 'jsonl': {
      const defaults = opts.defaults ?? {};
      const map = parseFieldMap(opts.map ?? [], defaults);
      const src = opts.format === 'csv' ? readCsvRows(opts.file) : readJsonlRows(opts.file);
      checkMappedColumns(src, map);
      const mapping = Object.entries(map).map(([f, c]) => `${f}=${c}`).join(', ');
      return { drafts: mapRows(src, map, defaults, opts.set), file: src.file, notes: `${source} Field map: ${mapping}.` };
    }
  }
}

/** The named formats have a fixed mapping: a --map or --category given with them would be ignored. */
function refuseMapping(opts: ImportOptions): void {
  const defaults = Object.entries(opts.defaults ?? {}).filter(([, v]) => v !== undefined).map(([k]) => `--${k}`);
  const extra = [...(opts.map ?? []).map((m) => `--map ${m}`), ...defaults];
  if (extra.length > 0) {
    throw new InputError(`--format ${opts.format} has a fixed mapping; drop ${extra.join(', ')} (or use --format csv with --map)`);
  }
}
