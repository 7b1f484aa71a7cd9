import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { InputError } from './errors.js';
import { packageRoot } from './workspace.js';

/** The files `stoppoint init` writes, kept as real files so they are linted and tested as data. */
export const workspaceTemplateDir: string = join(packageRoot, 'templates', 'workspace');

// npm drops files named .gitignore from published packages, so the template is stored without the dot.
const RENAMES: Record<string, string> = { gitignore: '.gitignore' };

export interface InitResult {
  root: string;
  /** Paths written, relative to root. */
  created: string[];
}

/**
 * Scaffolds a workspace: a starter probe set, an example plan and a .gitignore. Refuses when any
 * of those files exists already, naming them, and then writes nothing at all.
 */
export function scaffoldWorkspace(dir: string, templateDir: string = workspaceTemplateDir): InitResult {
  const root = resolve(dir);
  const files = listFiles(templateDir).map((src) => {
    const rel = relative(templateDir, src)
      .split(/[\\/]/)
      .map((part) => RENAMES[part] ?? part)
      .join('/');
    return { src, rel, dest: join(root, rel) };
  });
  const clashes = files.filter((f) => existsSync(f.dest));
  if (clashes.length > 0) {
    throw new InputError(clashes.map((f) => ({ location: { file: f.dest }, message: 'already exists; init never overwrites, so nothing was written' })));
  }
  for (const f of files) {
    mkdirSync(dirname(f.dest), { recursive: true });
    writeFileSync(f.dest, readFileSync(f.src), { flag: 'wx' });
  }
  return { root, created: files.map((f) => f.rel).sort() };
}

function listFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const p = join(dir, name);
      return statSync(p).isDirectory() ? listFiles(p) : [p];
    });
}
