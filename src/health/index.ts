import { InputError } from '../errors.js';
import { resolveProbeSets } from '../probes/resolve.js';
import type { Db } from '../store/db.js';
import { withExistingStore } from '../store/readonly.js';
import type { Workspace } from '../workspace.js';
import { checkContamination, type ContaminationOptions, type ContaminationReport } from './contamination.js';
import { diffWithResults, type ResultsDiff } from './diff-results.js';
import { probeHealth } from './probe-health.js';
import type { HealthOptions, HealthReport } from './types.js';

/** Workspace-level entry points of probe-set maintenance (what the `probes` subcommands call). */

function withResults<T>(ws: Workspace, fn: (db: Db) => T): T {
  return withExistingStore(ws.storePath, (db) => {
    if (!db) throw new InputError(`no results store at ${ws.storePath}: run a plan first (stoppoint run PLAN)`);
    return fn(db);
  });
}

/** `probes health SET`: findings from every stored result for the set's versions (store opened read-only). */
export function workspaceProbeHealth(ws: Workspace, setSpec: string, options: HealthOptions = {}): HealthReport {
  return withResults(ws, (db) => probeHealth(db, ws, setSpec, options));
}

/** `probes diff A B --results`. */
export function workspaceResultsDiff(ws: Workspace, a: string, b: string, experiments: readonly string[] = []): ResultsDiff {
  return withResults(ws, (db) => diffWithResults(db, ws, a, b, experiments));
}

/** `probes contamination SET FILE…`: the set's probes against training files, streamed. */
export async function contaminationCheck(
  ws: Workspace,
  setSpec: string,
  files: readonly string[],
  options: ContaminationOptions = {},
): Promise<ContaminationReport> {
  const [set] = resolveProbeSets(ws, [setSpec]);
  if (!set) throw new InputError(`probe set ${setSpec} not found`);
  return checkContamination(set.ref, set.records, files, options);
}
