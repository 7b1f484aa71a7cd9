import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder this package is installed in (holds the built-in probes/, graders/, runs/demo.yaml). */
export const packageRoot: string = (() => {
  // src/workspace.ts and dist/workspace.js both sit one level below the package root.
  return resolve(dirname(fileURLToPath(import.meta.url)), '..');
})();

/** A user's workspace: where probes/, graders/ and runs/ are resolved. */
export interface Workspace {
  root: string;
  probesDir: string;
  gradersDir: string;
  runsDir: string;
  storePath: string;
  reportsDir: string;
  /** Built-in folders of the package, used where the workspace has none of its own. */
  builtinProbesDir: string;
  builtinGradersDir: string;
}

export function openWorkspace(root: string = process.cwd()): Workspace {
  const abs = resolve(root);
  return {
    root: abs,
    probesDir: join(abs, 'probes'),
    gradersDir: join(abs, 'graders'),
    runsDir: join(abs, 'runs'),
    storePath: join(abs, 'runs', 'stoppoint.sqlite'),
    reportsDir: join(abs, 'runs', 'reports'),
    builtinProbesDir: join(packageRoot, 'probes'),
    builtinGradersDir: join(packageRoot, 'graders'),
  };
}

/** Probe-set folders to search, workspace first: a workspace set shadows a built-in of the same name. */
export function probeSearchPath(ws: Workspace): string[] {
  const dirs = [ws.probesDir];
  if (resolve(ws.builtinProbesDir) !== resolve(ws.probesDir) && existsSync(ws.builtinProbesDir)) {
    dirs.push(ws.builtinProbesDir);
  }
  return dirs.filter((d) => existsSync(d));
}

/** Grader folders to search, workspace first. */
export function graderSearchPath(ws: Workspace): string[] {
  const dirs = [ws.gradersDir];
  if (resolve(ws.builtinGradersDir) !== resolve(ws.gradersDir) && existsSync(ws.builtinGradersDir)) {
    dirs.push(ws.builtinGradersDir);
  }
  return dirs.filter((d) => existsSync(d));
}
