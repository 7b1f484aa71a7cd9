import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { InputError, type InputProblem } from '../errors.js';
import { parseYaml, type ParsedYaml, type ValuePath } from '../probes/yaml-lines.js';
import { graderSearchPath, type Workspace } from '../workspace.js';

/** A grader definition file as read: where it came from, its text, and the version it gives. */
export interface DefinitionFile {
  path: string;
  text: string;
}

/** First file of that name on the grader search path (workspace first, then the built-ins). */
export function findGraderFile(ws: Workspace, relative: string): DefinitionFile {
  for (const dir of graderSearchPath(ws)) {
    const path = join(dir, relative);
    if (existsSync(path)) return { path, text: readFileSync(path, 'utf8') };
  }
  throw new InputError(`grader definition ${relative} not found in ${graderSearchPath(ws).join(', ') || ws.gradersDir}`);
}

/**
 * A grader's version: a hash of its code version and its definition files, so editing a rule pack
 * or a rubric (or the code that reads it) re-grades exactly what that grader graded.
 */
export function graderVersion(codeVersion: string, ...parts: string[]): string {
  const h = createHash('sha256').update(codeVersion);
  for (const p of parts) h.update('\0').update(p);
  return h.digest('hex').slice(0, 12);
}

/** Parses and validates a YAML rule pack, with `file:line` for every problem. */
export function parsePack<S extends z.ZodType>(file: DefinitionFile, schema: S): { value: z.infer<S>; parsed: ParsedYaml } {
  const res = parseYaml(file.text, file.path);
  if (!res.ok) throw new InputError(res.problems);
  const checked = schema.safeParse(res.parsed.value);
  if (!checked.success) {
    throw new InputError(
      checked.error.issues.map((issue) => ({
        location: { file: file.path, line: res.parsed.lineOf(res.parsed.root, issue.path as ValuePath) },
        message: `${issue.path.join('.') || '(top)'}: ${issue.message}`,
      })),
    );
  }
  return { value: checked.data as z.infer<S>, parsed: res.parsed };
}

/**
 * Compiles the patterns at `key`. Rule text is lower-cased before matching, so patterns are compiled
 * without the `i` flag (case-insensitive Unicode matching is several times slower in V8) and must be
 * written in lower case: an upper-case letter outside an escape (\\W, \\p{Lu}) could never match and
 * is reported. Every problem is reported at its own line; nothing is silently dropped.
 */
export function compilePatterns(
  file: DefinitionFile,
  parsed: ParsedYaml,
  key: readonly PropertyKey[],
  sources: readonly string[],
): RegExp[] {
  const problems: InputProblem[] = [];
  const out: RegExp[] = [];
  sources.forEach((src, i) => {
    const at = { file: file.path, line: parsed.lineOf(parsed.root, [...key, i]) };
    const upper = /(?<!\\)(?<!\\[pP]\{[A-Za-z_=]*)[A-Z]/.exec(src);
    if (upper) {
      problems.push({ location: at, message: `pattern has upper-case "${upper[0]}": replies are lower-cased before matching, write patterns in lower case` });
      return;
    }
    try {
      out.push(new RegExp(src, 'u'));
    } catch (err) {
      problems.push({ location: at, message: `pattern does not compile: ${(err as Error).message}` });
    }
  });
  if (problems.length > 0) throw new InputError(problems);
  return out;
}
