import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './helpers.js';

export const cliPath = join(repoRoot, 'dist/cli/main.js');

/** The built CLI is what users run; tests that spawn it need `npm run build` (CI's `npm ci` does it). */
export function requireBuiltCli(): void {
  if (!existsSync(cliPath)) throw new Error(`${cliPath} is missing: run \`npm run build\` first`);
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function startCli(args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv }): { child: ChildProcess; done: Promise<CliResult> } {
  requireBuiltCli();
  const child = spawn(process.execPath, [cliPath, ...args], {
    cwd: opts.cwd,
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<CliResult>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done };
}

export function runCli(args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<CliResult> {
  return startCli(args, opts).done;
}

/** Replies stored so far (read-only, alongside a writer: WAL allows it). */
export function storedReplies(storePath: string): number {
  if (!existsSync(storePath)) return 0;
  const db = new Database(storePath, { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'responses'").get() as { n: number };
    if (row.n === 0) return 0;
    return (db.prepare('SELECT COUNT(*) AS n FROM responses WHERE error_class IS NULL').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

/** Polls until `pred` holds or the time runs out. */
export async function waitFor(pred: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The response set as (candidate, probe, sample, text), sorted: what "the same result" means. */
export function responseSet(storePath: string): string[] {
  const db = new Database(storePath, { readonly: true });
  try {
    const rows = db
      .prepare(
        `SELECT c.name AS candidate, p.probe_id AS probe, r.sample AS sample, r.text AS text, r.error_class AS err
         FROM responses r JOIN candidates c ON c.id = r.candidate_id JOIN probes p ON p.id = r.probe_row
         ORDER BY c.name, p.probe_id, r.sample`,
      )
      .all() as { candidate: string; probe: string; sample: number; text: string | null; err: string | null }[];
    return rows.map((r) => JSON.stringify([r.candidate, r.probe, r.sample, r.text, r.err]));
  } finally {
    db.close();
  }
}

export function integrityCheck(storePath: string): string {
  const db = new Database(storePath, { readonly: true });
  try {
    return (db.pragma('integrity_check', { simple: true }) as string);
  } finally {
    db.close();
  }
}
