import { InputError } from '../errors.js';
import { resolveProbeSets } from '../probes/resolve.js';
import type { Db } from '../store/db.js';
import { experimentNames } from '../store/experiments.js';
import { setEvaluations } from '../store/health-queries.js';
import type { Workspace } from '../workspace.js';
import { coverage } from './coverage.js';
import { discriminatingProbes } from './discrimination.js';
import { flakyProbes } from './flaky.js';
import { graderDisagreement } from './grader-disagreement.js';
import { parseOptions } from './options.js';
import { inconsistentGroups } from './paraphrase.js';
import { readOutcomes } from './read-outcomes.js';
import { saturatedProbes } from './saturated.js';
import { HealthOptions, type HealthReport } from './types.js';

/**
 * The health of every probe of a set (NAME for the current files, or NAME@VERSION / NAME@TAG) from
 * all stored results for the set's versions: each candidate's latest run on each version is one
 * evaluation. `experiments` narrows the results read; `last` is the window saturation looks at.
 */
export function probeHealth(db: Db, ws: Workspace, setSpec: string, rawOptions: HealthOptions = {}): HealthReport {
  const options = parseOptions(HealthOptions, rawOptions);
  const [set] = resolveProbeSets(ws, [setSpec], db);
  if (!set) throw new InputError(`probe set ${setSpec} not found`);
  const wanted = requireExperiments(db, options.experiments ?? []);
  const evaluations = setEvaluations(db, set.meta.name, wanted);
  const { table, groups, pairs } = readOutcomes(db, set.records, evaluations);

  const evaluated = new Set<string>();
  table.probes.forEach((p, i) => {
    if (table.evaluationsOf(i).length > 0) evaluated.add(p.id);
  });
  const membersOf = new Map<string, string[]>();
  for (const r of set.records) if (r.group !== undefined) membersOf.set(r.group, [...(membersOf.get(r.group) ?? []), r.id]);
  const cov = coverage(set, evaluated, evaluations.length > 0);

  const saturated = saturatedProbes(table, options);
  const versions = new Map<string, number>();
  for (const e of evaluations) versions.set(e.version.slice(0, 8), (versions.get(e.version.slice(0, 8)) ?? 0) + 1);
  return {
    set: set.ref,
    experiments: [...new Set(evaluations.map((e) => e.experiment))].sort(),
    versions: [...versions].map(([version, n]) => ({ version, evaluations: n })),
    evaluations: evaluations.length,
    candidates: new Set(evaluations.map((e) => e.candidateId)).size,
    options,
    coverage: cov.counts,
    findings: [
      ...flakyProbes(table, options),
      ...saturated,
      ...discriminatingProbes(table, options, new Set(saturated.map((f) => f.probes[0]))),
      ...inconsistentGroups(groups, membersOf, options),
      ...graderDisagreement(pairs, options),
      ...cov.findings,
    ],
  };
}

/** The experiments named (null for all); a name not in the store is a user mistake. */
export function requireExperiments(db: Db, names: readonly string[]): string[] | null {
  if (names.length === 0) return null;
  const known = new Set(experimentNames(db));
  const missing = names.filter((e) => !known.has(e));
  if (missing.length > 0) {
    throw new InputError(`no experiment ${missing.map((m) => `"${m}"`).join(', ')} in the store; stored: ${[...known].join(', ') || '(none)'}`);
  }
  return [...names];
}
