import type { InputProblem } from '../errors.js';
import { compareIds } from './canonical.js';
import { ProbeRecord } from './schema.js';
import { checkWith, type KnownFields, type Located } from './validate.js';

export interface RecordSource {
  file: string;
  line: number;
}

export interface CheckedRecords {
  /** Valid records, sorted by id. */
  records: ProbeRecord[];
  sourceOf: Map<string, RecordSource>;
  problems: InputProblem[];
}

export const RECORD_FIELDS: KnownFields = {
  '': ['id', 'category', 'prompt', 'messages', 'expect', 'group', 'tags', 'lang'],
  expect: ['behavior', 'answer', 'aliases', 'match', 'tolerance'],
  messages: ['role', 'content'],
};

/**
 * Validates every record and the rules that span records: unique ids, paraphrase groups of two
 * or more, regex answers that compile. Collects every problem rather than stopping at the first.
 */
export function checkRecords(raws: readonly Located[]): CheckedRecords {
  const problems: InputProblem[] = [];
  const records: ProbeRecord[] = [];
  const sourceOf = new Map<string, RecordSource>();
  const locOf = new Map<ProbeRecord, Located>();

  for (const raw of raws) {
    const checked = checkWith(ProbeRecord, raw, recordLabel(raw.value), RECORD_FIELDS);
    if (!checked.ok) {
      problems.push(...checked.problems);
      continue;
    }
    const rec = checked.value;
    const first = sourceOf.get(rec.id);
    if (first) {
      problems.push({
        location: { file: raw.file, line: raw.line },
        message: `duplicate id \`${rec.id}\` (first at ${first.file}:${first.line})`,
      });
      continue;
    }
    sourceOf.set(rec.id, { file: raw.file, line: raw.line });
    locOf.set(rec, raw);
    records.push(rec);
    problems.push(...regexProblems(rec, raw));
  }
  problems.push(...groupProblems(records, locOf));
  records.sort((a, b) => compareIds(a.id, b.id));
  return { records, sourceOf, problems };
}

function recordLabel(value: unknown): string {
  const id = value && typeof value === 'object' ? (value as { id?: unknown }).id : undefined;
  return typeof id === 'string' && id.length > 0 ? `probe \`${id}\`` : 'probe';
}

/** `match: regex` answers (and aliases) must compile; graders compile them with the `u` flag. */
function regexProblems(rec: ProbeRecord, raw: Located): InputProblem[] {
  if (rec.expect.match !== 'regex') return [];
  const out: InputProblem[] = [];
  const patterns: [readonly PropertyKey[], string | number | undefined][] = [
    [['expect', 'answer'], rec.expect.answer],
    ...(rec.expect.aliases ?? []).map((a, i): [readonly PropertyKey[], string | number] => [['expect', 'aliases', i], a]),
  ];
  for (const [path, pattern] of patterns) {
    if (pattern === undefined) continue;
    try {
      new RegExp(String(pattern), 'u');
    } catch (err) {
      out.push({
        location: { file: raw.file, line: raw.locate(path) },
        message: `probe \`${rec.id}\`: regex does not compile: ${(err as Error).message}`,
      });
    }
  }
  return out;
}

/** A paraphrase group needs at least two members, or there is nothing to be consistent with. */
function groupProblems(records: readonly ProbeRecord[], locOf: Map<ProbeRecord, Located>): InputProblem[] {
  const members = new Map<string, ProbeRecord[]>();
  for (const r of records) {
    if (r.group === undefined) continue;
    const list = members.get(r.group) ?? [];
    list.push(r);
    members.set(r.group, list);
  }
  const out: InputProblem[] = [];
  for (const [group, list] of members) {
    const only = list[0];
    if (list.length !== 1 || !only) continue;
    const raw = locOf.get(only);
    out.push({
      location: raw ? { file: raw.file, line: raw.locate(['group']) } : undefined,
      message: `probe \`${only.id}\`: paraphrase group \`${group}\` has only one member; a group needs two or more`,
    });
  }
  return out;
}
