import { isAbsolute, resolve } from 'node:path';
import type { z } from 'zod';
import { InputError, type InputProblem } from '../errors.js';
import { suggestMetric } from '../metrics/registry.js';
import type { LoadedProbeSet } from '../probes/load.js';
import { resolveProbeSets } from '../probes/resolve.js';
import type { Workspace } from '../workspace.js';
import { Plan } from './schema.js';
import { formatPath, parseYamlSource, readUserFile, type YamlSource } from './yaml-source.js';

/** A validated plan with the positions of its parts, for later messages that point into the file. */
export interface LoadedPlan {
  plan: Plan;
  /** Absolute path of the plan file. */
  path: string;
  /** 1-based line of the node at a data path, e.g. ['candidates', 2, 'model']. */
  lines: (path: readonly PropertyKey[]) => number;
  /** The probe sets the plan names, resolved to exact versions (newest where no version is given). */
  probeSets: LoadedProbeSet[];
}

export interface LoadPlanOptions {
  /** Folder that relative `train_log` paths resolve against (default: the workspace root). */
  baseDir?: string;
}

/**
 * Reads and validates an experiment plan. Every problem is reported with `file:line` at once;
 * a plan with any problem throws InputError (exit 2) and nothing is written anywhere.
 */
export function loadPlan(path: string, ws: Workspace, options: LoadPlanOptions = {}): LoadedPlan {
  const { abs, file, text } = readUserFile(path, 'plan');
  const src = parseYamlSource(text, file);
  if (src.problems.length) throw new InputError(src.problems);
  if (src.value === null || src.value === undefined) throw new InputError('the plan is empty', { file, line: 1 });

  const parsed = Plan.safeParse(src.value);
  if (!parsed.success) throw new InputError(parsed.error.issues.map((i) => describeIssue(i, src)));
  const plan = parsed.data;

  const problems = checkPlan(plan, src);
  const probeSets = resolveEach(plan, ws, src, problems);
  if (problems.length) throw new InputError(problems);

  const baseDir = options.baseDir ?? ws.root;
  for (const c of plan.candidates) {
    if (c.train_log !== undefined && !isAbsolute(c.train_log)) c.train_log = resolve(baseDir, c.train_log);
  }
  return { plan, path: abs, lines: src.lineOf, probeSets };
}

/** Rules zod cannot see: they relate several entries of the plan. */
function checkPlan(plan: Plan, src: YamlSource): InputProblem[] {
  const problems: InputProblem[] = [];
  const at = (path: PropertyKey[], message: string): void => {
    problems.push({ location: { file: src.file, line: src.lineOf(path) }, message });
  };
  const seen = new Map<string, number>();
  let baseline: string | undefined;
  plan.candidates.forEach((c, i) => {
    const first = seen.get(c.name);
    if (first !== undefined) {
      at(['candidates', i, 'name'], `duplicate candidate name "${c.name}" (first at line ${src.lineOf(['candidates', first, 'name'])})`);
    } else {
      seen.set(c.name, i);
    }
    if (c.baseline) {
      if (baseline !== undefined) at(['candidates', i, 'baseline'], `more than one baseline: "${baseline}" and "${c.name}"`);
      else baseline = c.name;
    }
    if (c.step !== undefined && c.run === undefined) {
      at(['candidates', i, 'step'], `candidate "${c.name}" has a step but no run: name the training run its checkpoints belong to`);
    }
  });
  if (plan.budget?.usd !== undefined && plan.prices === undefined) {
    at(['budget', 'usd'], 'a money budget needs `prices` (prompt_per_mtok, completion_per_mtok) to count spending');
  }
  const sets = new Map<string, number>();
  plan.probes.forEach((spec, i) => {
    const first = sets.get(spec);
    if (first !== undefined) at(['probes', i], `probe set "${spec}" is listed twice`);
    else sets.set(spec, i);
  });
  return problems;
}

/** Resolves each named probe set on its own, so a failure can point at the plan line that names it. */
function resolveEach(plan: Plan, ws: Workspace, src: YamlSource, problems: InputProblem[]): LoadedProbeSet[] {
  const out: LoadedProbeSet[] = [];
  for (const [i, spec] of plan.probes.entries()) {
    try {
      out.push(...resolveProbeSets(ws, [spec]));
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      const location = { file: src.file, line: src.lineOf(['probes', i]) };
      // A set that is missing has no location of its own: point at the plan. A set whose files are
      // broken keeps its own file:line problems, introduced by the plan line that names it.
      if (err.problems.every((p) => p.location === undefined)) {
        for (const p of err.problems) problems.push({ location, message: p.message });
      } else {
        problems.push({ location, message: `probe set "${spec}" cannot be loaded:` }, ...err.problems);
      }
    }
  }
  return out;
}

/** One zod issue as `file:line: message`, in words a plan author understands. */
function describeIssue(issue: z.core.$ZodIssue, src: YamlSource): InputProblem {
  const path = issue.path;
  const where = formatPath(path);
  const location = { file: src.file, line: src.lineOf(path) };
  const given = src.valueAt(path);
  const last = path[path.length - 1];

  if (issue.code === 'invalid_value' && last === 'metric') {
    const suggestion = typeof given === 'string' ? suggestMetric(given) : undefined;
    const hint = suggestion ? `; did you mean "${suggestion}"?` : `; known metrics: ${issue.values.join(', ')}`;
    return { location, message: `${where}: unknown metric "${String(given)}"${hint}` };
  }
  if (issue.code === 'invalid_type' && given === undefined) {
    return { location, message: `missing required field "${String(last)}"${path.length > 1 ? ` in ${formatPath(path.slice(0, -1))}` : ''}` };
  }
  if (issue.code === 'unrecognized_keys') {
    const keyLine = src.lineOf([...path, issue.keys[0] ?? '']);
    const what = issue.keys.map((k) => `"${k}"`).join(', ');
    return { location: { ...location, line: keyLine }, message: `${where ? `${where}: ` : ''}unknown field ${what}` };
  }
  if (issue.code === 'invalid_value') {
    return { location, message: `${where}: "${String(given)}" is not one of ${issue.values.map(String).join(', ')}` };
  }
  return { location, message: where ? `${where}: ${issue.message}` : issue.message };
}
