import type { z } from 'zod';
import type { InputProblem } from '../errors.js';
import type { ValuePath } from './yaml-lines.js';

/** Where a value came from: its file, the line it starts on, and how to find a field's line. */
export interface Located<T = unknown> {
  value: T;
  file: string;
  line: number;
  /** Line of the field at a path inside the value; JSONL records answer their own line. */
  locate: (path: ValuePath) => number;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; problems: InputProblem[] };

/**
 * Validates a located value with a zod schema, turning each issue into `file:line: reason` at
 * the line of the offending field (the key of an unknown field, the record for a missing one).
 */
export function checkWith<S extends z.ZodType>(
  schema: S,
  src: Located,
  what: string,
  fields: KnownFields = {},
): Checked<z.output<S>> {
  const result = schema.safeParse(src.value);
  if (result.success) return { ok: true, value: result.data };
  const problems = result.error.issues.flatMap((issue) => describeIssue(issue, src, what, fields));
  return { ok: false, problems };
}

/** Field names allowed at each (dotted) path, so an unknown field can suggest the intended one. */
export type KnownFields = Record<string, readonly string[]>;

function describeIssue(issue: z.core.$ZodIssue, src: Located, what: string, fields: KnownFields): InputProblem[] {
  const path = issue.path;
  const at = (p: ValuePath): InputProblem['location'] => ({ file: src.file, line: src.locate(p) });
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({
        location: at([...path, key]),
        message: `${what}: unknown field \`${dotted([...path, key])}\`${suggestionFor(key, fields[fieldKey(path)] ?? [])}`,
      }));
    case 'invalid_type': {
      if (valueAt(src.value, path) === undefined && path.length > 0) {
        return [{ location: at(path.slice(0, -1)), message: `${what}: missing field \`${dotted(path)}\`` }];
      }
      const got = describeValue(valueAt(src.value, path));
      const field = path.length > 0 ? `\`${dotted(path)}\`` : 'record';
      return [{ location: at(path), message: `${what}: ${field} must be ${issue.expected}, got ${got}` }];
    }
    case 'invalid_value': {
      if (valueAt(src.value, path) === undefined && path.length > 0) {
        return [{ location: at(path.slice(0, -1)), message: `${what}: missing field \`${dotted(path)}\`` }];
      }
      const allowed = issue.values.map((v) => String(v)).join(' | ');
      const got = describeValue(valueAt(src.value, path));
      return [{ location: at(path), message: `${what}: \`${dotted(path)}\` must be one of ${allowed}, got ${got}` }];
    }
    default: {
      const field = path.length > 0 ? `\`${dotted(path)}\`: ` : '';
      return [{ location: at(path), message: `${what}: ${field}${issue.message}` }];
    }
  }
}

export function dotted(path: ValuePath): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p))).join('.').replace(/\.\[/g, '[');
}

function valueAt(value: unknown, path: ValuePath): unknown {
  let v: unknown = value;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[seg];
  }
  return v;
}

function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  return `${typeof v} ${String(v)}`;
}

function fieldKey(path: ValuePath): string {
  return path.filter((p) => typeof p !== 'number').map(String).join('.');
}

function suggestionFor(key: string, known: readonly string[]): string {
  let best: string | undefined;
  let bestDist = 3;
  for (const k of known) {
    const d = editDistance(key.toLowerCase(), k);
    if (d < bestDist) {
      best = k;
      bestDist = d;
    }
  }
  return best ? ` (did you mean \`${best}\`?)` : '';
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0] ?? 0;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j] ?? 0;
      prev[j] = Math.min(up + 1, (prev[j - 1] ?? 0) + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length] ?? 0;
}
