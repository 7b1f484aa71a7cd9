import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * CLI tests spawn the built CLI (`node dist/cli/main.js`), exactly what a user runs. This builds
 * dist/ once per test run when any source is newer than the last build.
 */
const root = resolve(import.meta.dirname, '..');
const stamp = join(root, 'dist', '.build-stamp');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p);
    newest = Math.max(newest, st.isDirectory() ? newestMtime(p) : st.mtimeMs);
  }
  return newest;
}

export default function setup(): void {
  const built = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
  const sources = Math.max(newestMtime(join(root, 'src')), statSync(join(root, 'tsconfig.build.json')).mtimeMs);
  if (built >= sources && existsSync(join(root, 'dist', 'cli', 'main.js'))) return;
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  try {
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'pipe' });
  } catch (err) {
    // tsc still emits JavaScript on type errors; those are the typecheck step's to report, so the
    // CLI tests run on what was emitted, and the errors are shown here.
    const out = (err as { stdout?: Buffer }).stdout?.toString() ?? String(err);
    process.stderr.write(`global-setup: tsc reported errors (JavaScript was still emitted):\n${out}\n`);
    if (!existsSync(join(root, 'dist', 'cli', 'main.js'))) throw new Error('build produced no dist/cli/main.js');
  }
  execFileSync(process.execPath, [join(root, 'scripts', 'copy-assets.mjs')], { cwd: root, stdio: 'pipe' });
  writeFileSync(stamp, new Date().toISOString());
}
