import { spawn } from 'node:child_process';
import { cliPath, type CliResult } from './cli.js';

/**
 * Runs the built CLI without blocking this process: needed when the test itself serves the
 * endpoint the CLI talks to (spawnSync would stall the in-process simulator).
 */
export function runCliAsync(args: readonly string[], cwd: string, options: { env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', ...options.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
