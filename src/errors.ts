/**
 * The one place that maps failures to exit codes (DESIGN.md contract):
 * 0 ok, 1 fault, 2 bad input, 3 verdict stop, 4 coverage below 100%.
 * Library code throws these; only the CLI turns them into exit codes.
 */

export const ExitCode = {
  ok: 0,
  fault: 1,
  badInput: 2,
  stop: 3,
  incomplete: 4,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** Where in a user's file a problem is; line is 1-based. */
export interface SourceLocation {
  file: string;
  line?: number;
  column?: number;
}

export function formatLocation(loc: SourceLocation): string {
  if (loc.line === undefined) return loc.file;
  return loc.column === undefined ? `${loc.file}:${loc.line}` : `${loc.file}:${loc.line}:${loc.column}`;
}

/** One problem found in user input. */
export interface InputProblem {
  location?: SourceLocation;
  message: string;
}

export function formatProblem(p: InputProblem): string {
  return p.location ? `${formatLocation(p.location)}: ${p.message}` : p.message;
}

/** A user mistake: bad file, bad flag, unknown name. Exit 2, no stack trace. */
export class InputError extends Error {
  readonly problems: InputProblem[];
  constructor(problems: InputProblem[] | string, location?: SourceLocation) {
    const list = typeof problems === 'string' ? [{ message: problems, location }] : problems;
    super(list.map(formatProblem).join('\n'));
    this.name = 'InputError';
    this.problems = list;
  }
}

/** Something outside the user's input went wrong (endpoint refused the key, disk full). Exit 1. */
export class FaultError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FaultError';
  }
}

export function exitCodeFor(err: unknown): ExitCode {
  if (err instanceof InputError) return ExitCode.badInput;
  return ExitCode.fault;
}

/** Message for the user: input errors and faults print their message; anything else also names its class. */
export function describeError(err: unknown): string {
  if (err instanceof InputError) return err.message;
  if (err instanceof FaultError) return `error: ${err.message}`;
  if (err instanceof Error) return `internal error: ${err.message}`;
  return `internal error: ${String(err)}`;
}
