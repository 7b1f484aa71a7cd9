import { InputError } from '../../errors.js';
import type { SourceRow, SourceRows } from './rows.js';

/** Record fields a column can be mapped to (`--map prompt=Behavior`). */
export const MAPPABLE = ['id', 'prompt', 'category', 'behavior', 'answer', 'aliases', 'match', 'group', 'tags', 'lang'] as const;
export type MappableField = (typeof MAPPABLE)[number];
export type FieldMap = Partial<Record<MappableField, string>>;

/** Values used for every row when no column is mapped (`--category refusal`). */
export interface FieldDefaults {
  category?: string;
  behavior?: string;
  lang?: string;
}

/** A record before validation, with the line of the row it came from. */
export interface DraftRecord {
  value: Record<string, unknown>;
  line: number;
}

/** Parses `field=column` pairs; the prompt must be mapped, each field at most once. */
export function parseFieldMap(pairs: readonly string[], defaults: FieldDefaults): FieldMap {
  const map: FieldMap = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const field = pair.slice(0, eq) as MappableField;
    const column = pair.slice(eq + 1);
    if (eq <= 0 || column === '') throw new InputError(`bad --map "${pair}": write FIELD=COLUMN, e.g. --map prompt=question`);
    if (!MAPPABLE.includes(field)) throw new InputError(`bad --map "${pair}": field must be one of ${MAPPABLE.join(', ')}`);
    if (map[field] !== undefined) throw new InputError(`--map ${field} is given twice`);
    map[field] = column;
  }
  if (map.prompt === undefined) {
    throw new InputError('generic csv/jsonl import needs the prompt column: --map prompt=COLUMN (and id=, category=, behavior= … as the file has them)');
  }
  for (const key of ['category', 'behavior', 'lang'] as const) {
    if (map[key] !== undefined && defaults[key] !== undefined) {
      throw new InputError(`both --map ${key}=… and --${key} given: choose one`);
    }
  }
  for (const key of ['category', 'behavior'] as const) {
    if (map[key] === undefined && defaults[key] === undefined) {
      throw new InputError(`say what the probes' ${key} is: --${key} VALUE for all rows, or --map ${key}=COLUMN`);
    }
  }
  return map;
}

/** Checks that each mapped column exists in the file. */
export function checkMappedColumns(src: SourceRows, map: FieldMap): void {
  const missing = Object.entries(map).filter(([, col]) => !src.columns.includes(col));
  if (missing.length > 0) {
    throw new InputError(
      `mapped column(s) not in the file: ${missing.map(([f, c]) => `${f}=${c}`).join(', ')} (columns: ${src.columns.join(', ')})`,
      { file: src.file, line: 1 },
    );
  }
}

/** Lists held in one CSV cell are `;`-separated. */
function asList(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const items = v.split(';').map((s) => s.trim()).filter((s) => s !== '');
  return items.length > 0 ? items : undefined;
}

/** Empty cells mean "not given"; numbers in JSONL are kept as numbers. */
function cell(row: SourceRow, column: string | undefined): unknown {
  if (column === undefined) return undefined;
  const v = row.fields[column];
  if (typeof v === 'string') return v.trim() === '' ? undefined : v.trim();
  return v ?? undefined;
}

/** Maps rows to draft records; ids default to `<set>-0001` in row order. */
export function mapRows(src: SourceRows, map: FieldMap, defaults: FieldDefaults, setName: string): DraftRecord[] {
  const width = Math.max(4, String(src.rows.length).length);
  return src.rows.map((row, i) => {
    const id = cell(row, map.id);
    const answer = cell(row, map.answer);
    const expect = {
      behavior: cell(row, map.behavior) ?? defaults.behavior,
      answer,
      aliases: asList(cell(row, map.aliases)),
      match: cell(row, map.match),
    };
    const value = {
      id: id === undefined ? `${setName}-${String(i + 1).padStart(width, '0')}` : String(id),
      category: cell(row, map.category) ?? defaults.category,
      prompt: cell(row, map.prompt),
      expect,
      group: cell(row, map.group),
      tags: asList(cell(row, map.tags)),
      lang: cell(row, map.lang) ?? defaults.lang,
    };
    return { value: dropUndefined(value), line: row.line };
  });
}

function dropUndefined(value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined) continue;
    out[k] = v !== null && typeof v === 'object' && !Array.isArray(v) ? dropUndefined(v as Record<string, unknown>) : v;
  }
  return out;
}
