import { describeError, exitCodeFor, ExitCode } from '../errors.js';
import { openWorkspace, type Workspace } from '../workspace.js';

/** Options every command accepts. */
export interface GlobalArgs {
  workspace?: string;
  json?: boolean;
  quiet?: boolean;
}

export function workspaceFrom(args: GlobalArgs): Workspace {
  return openWorkspace(args.workspace ?? process.cwd());
}

/**
 * Runs a command body and turns its outcome into the process exit code. The body returns
 * the exit code it wants (0 by default); thrown errors go through the one mapping in errors.ts.
 */
export async function runCommand(body: () => Promise<number | void>): Promise<void> {
  try {
    const code = await body();
    process.exitCode = code ?? ExitCode.ok;
  } catch (err) {
    process.stderr.write(describeError(err) + '\n');
    if (process.env.STOPPOINT_DEBUG && err instanceof Error && err.stack) process.stderr.write(err.stack + '\n');
    process.exitCode = exitCodeFor(err);
  }
}

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}
