import { spawn } from 'node:child_process';
import type { Verdict } from './verdict/schema.js';

/**
 * Runs a user's `--on-stop` command through the shell: the verdict in `STOPPOINT_*` variables and
 * as JSON on stdin. Its output goes to our stderr, so `watch --json` keeps a clean stdout.
 * Resolves to the exit code (null when a signal ended it, or it could not start).
 */
export function runShellHook(command: string, verdict: Verdict, env: NodeJS.ProcessEnv = process.env): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(command, {
      shell: true,
      stdio: ['pipe', process.stderr, process.stderr],
      env: {
        ...env,
        STOPPOINT_EXPERIMENT: verdict.experiment,
        STOPPOINT_VERDICT: verdict.verdict,
        STOPPOINT_ACTION: verdict.action,
        STOPPOINT_FREEZE_CANDIDATE: verdict.freeze_candidate ?? '',
      },
    });
    child.on('error', (err) => {
      process.stderr.write(`on-stop command could not start: ${err.message}\n`);
      resolve(null);
    });
    child.on('close', (code) => resolve(code));
    // A command that does not read stdin closes it early: that is not an error.
    child.stdin.on('error', () => undefined);
    child.stdin.end(JSON.stringify(verdict) + '\n');
  });
}
