import type { z } from 'zod';
import type { InputProblem, SourceLocation } from '../errors.js';

/** zod issues of one log entry as `file:line` problems, naming the field and the value found. */
export function entryProblems(error: z.ZodError, at: SourceLocation, where: string, entry: unknown): InputProblem[] {
  return error.issues.map((issue) => {
    const field = issue.path.map(String).join('.');
    const got = field && entry && typeof entry === 'object' ? (entry as Record<string, unknown>)[field] : undefined;
    const shown = got === undefined ? '' : ` (got ${typeof got === 'number' ? String(got) : JSON.stringify(got)})`;
    const label = [where, field].filter(Boolean).join('.');
    return { location: at, message: `${label ? `${label}: ` : ''}${issue.message}${shown}` };
  });
}

/** At most this many problems are listed; a broken generator tends to break every line the same way. */
export const MAX_PROBLEMS = 20;
