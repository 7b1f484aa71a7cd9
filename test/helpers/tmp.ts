import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

const made: string[] = [];

/** A fresh temporary folder, removed after the test. */
export function tempDir(prefix = 'stoppoint-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** A temporary workspace whose probes/ holds copies of the named fixture sets. */
export function workspaceWith(fixtureRoot: string, sets: readonly string[]): string {
  const ws = tempDir('stoppoint-ws-');
  for (const s of sets) cpSync(join(fixtureRoot, s), join(ws, 'probes', s), { recursive: true });
  return ws;
}

afterEach(() => {
  while (made.length > 0) rmSync(made.pop() as string, { recursive: true, force: true });
});
