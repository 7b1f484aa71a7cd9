import { createRequire } from 'node:module';

// Loaded on first use: every `stoppoint verdict` imports the training-log readers, few logs are CSV,
// and the parser costs ~20 ms of start-up (BENCHMARKS.md, "CLI start time").
const require = createRequire(import.meta.url);
let csvParse: typeof import('csv-parse/sync').parse | undefined;
const parse: typeof import('csv-parse/sync').parse = (...args: Parameters<typeof import('csv-parse/sync').parse>) =>
  (csvParse ??= (require('csv-parse/sync') as typeof import('csv-parse/sync')).parse)(...args);
import { InputError, type InputProblem } from '../errors.js';
import { entryProblems, MAX_PROBLEMS } from './issues.js';
import { PointCollector } from './points.js';
import { CsvHeader, CsvRow } from './schemas.js';
import type { ParsedTrainLog } from './types.js';

/** Column names other tools use for the series stoppoint keeps. */
const ALIASES: Readonly<Record<string, string>> = { lr: 'learning_rate' };

/** Plain CSV `step,loss[,eval_loss]` with a header line; more columns are allowed. */
export function parseCsvLog(text: string, file: string): ParsedTrainLog {
  let rows: { record: Record<string, string>; info: { lines: number } }[];
  try {
    rows = parse(text, {
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      skip_empty_lines: true,
      trim: true,
      bom: true,
      info: true,
    });
  } catch (err) {
    const e = err as { message?: string; lines?: number };
    throw new InputError(`CSV syntax: ${e.message ?? String(err)}`, { file, line: e.lines });
  }
  const first = rows[0];
  const header = CsvHeader.safeParse(first ? Object.keys(first.record) : []);
  if (!header.success) throw new InputError(header.error.issues[0]!.message, { file, line: 1 });

  const collector = new PointCollector();
  const problems: InputProblem[] = [];
  for (const { record, info } of rows) {
    if (problems.length >= MAX_PROBLEMS) break;
    const at = { file, line: info.lines };
    const row = CsvRow.safeParse(record);
    if (!row.success) {
      problems.push(...entryProblems(row.error, at, '', record));
      continue;
    }
    collector.reached(row.data.step);
    for (const [column, cell] of Object.entries(record)) {
      if (column === 'step' || cell === '') continue;
      const value = toNumber(cell);
      if (value === undefined) {
        problems.push({ location: at, message: `${column}: not a number (got ${JSON.stringify(cell)})` });
        continue;
      }
      collector.add(ALIASES[column] ?? column, row.data.step, value, at);
    }
  }
  if (problems.length) throw new InputError(problems.slice(0, MAX_PROBLEMS));
  return { file, format: 'csv', ...collector.finish() };
}

/** A decimal number, or nan / inf / -inf as numpy and pandas write them. */
function toNumber(cell: string): number | undefined {
  const lower = cell.toLowerCase();
  if (lower === 'nan') return Number.NaN;
  if (lower === 'inf' || lower === 'infinity') return Number.POSITIVE_INFINITY;
  if (lower === '-inf' || lower === '-infinity') return Number.NEGATIVE_INFINITY;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(cell)) return undefined;
  return Number(cell);
}
