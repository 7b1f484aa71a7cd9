import { parse } from 'csv-parse/sync';
import { InputError } from '../../errors.js';
import { displayPath, readUtf8 } from '../source-text.js';

/** One input row: its fields by column name and the line it starts on. */
export interface SourceRow {
  fields: Record<string, unknown>;
  line: number;
}

export interface SourceRows {
  file: string;
  columns: string[];
  rows: SourceRow[];
}

function readText(path: string): { file: string; text: string } {
  const file = displayPath(path);
  const read = readUtf8(path, file);
  if (!read.ok) throw new InputError([read.problem]);
  return { file, text: read.text };
}

/** Reads an RFC 4180 CSV with a header row (quoted fields may hold commas, quotes and newlines). */
export function readCsvRows(path: string): SourceRows {
  const { file, text } = readText(path);
  // One line-ending convention, so the parser's line count is the editor's line count.
  const normalised = text.replace(/\r\n?/g, '\n');
  let parsed: { record: Record<string, string>; info: { lines: number } }[];
  try {
    parsed = parse(normalised, { columns: true, info: true, skip_empty_lines: true }) as typeof parsed;
  } catch (err) {
    const e = err as Error & { lines?: number };
    throw new InputError(e.message.replace(/ (at|on) line \d+/, ''), { file, line: e.lines });
  }
  const firstLine = normalised.split('\n', 1)[0] ?? '';
  const columns = parse(firstLine, { to_line: 1 })[0] as string[] | undefined;
  const rows = parsed.map(({ record, info }) => {
    // info.lines is where the record ends; quoted newlines inside it tell where it began.
    const inner = Object.values(record).reduce((n, v) => n + (v.match(/\n/g)?.length ?? 0), 0);
    return { fields: record as Record<string, unknown>, line: info.lines - inner };
  });
  return { file, columns: columns ?? [], rows };
}

/** Reads JSONL: one JSON object per line; blank lines are skipped. */
export function readJsonlRows(path: string): SourceRows {
  const { file, text } = readText(path);
  const rows: SourceRow[] = [];
  const problems: { location: { file: string; line: number }; message: string }[] = [];
  const columns = new Set<string>();
  text.split(/\r?\n/).forEach((lineText, i) => {
    const line = i + 1;
    if (lineText.trim() === '') return;
    try {
      const value: unknown = JSON.parse(lineText);
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        problems.push({ location: { file, line }, message: 'each line must be a JSON object' });
        return;
      }
      Object.keys(value).forEach((k) => columns.add(k));
      rows.push({ fields: value as Record<string, unknown>, line });
    } catch (err) {
      problems.push({ location: { file, line }, message: `JSON syntax: ${(err as Error).message}` });
    }
  });
  if (problems.length > 0) throw new InputError(problems);
  return { file, columns: [...columns], rows };
}

/** Checks that a file has the columns a format needs, naming the missing ones. */
export function requireColumns(src: SourceRows, needed: readonly string[], format: string): void {
  const missing = needed.filter((c) => !src.columns.includes(c));
  if (missing.length > 0) {
    throw new InputError(
      `not a ${format} file: missing column(s) ${missing.join(', ')} (found: ${src.columns.join(', ') || 'none'})`,
      { file: src.file, line: 1 },
    );
  }
}
