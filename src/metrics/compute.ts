import { z } from 'zod';
import { InputError } from '../errors.js';
import { Candidate, Judge } from '../plan/schema.js';
import type { Db } from '../store/db.js';
import { findExperimentId } from '../store/experiments.js';
import {
  currentRuns, experimentCandidates, gradersPresent, probeRows, type CandidateRow, type CurrentRun, type ProbeTotals,
} from '../store/metric-queries.js';
import { judgeAgreement } from './agreement.js';
import { estimate, type UnitTally } from './estimate.js';
import { boundaryTallies } from './families/boundary.js';
import { consistencyTallies, type GroupData } from './families/consistency.js';
import { factualityTallies } from './families/factuality.js';
import { refusalTallies } from './families/refusal.js';
import { styleTallies } from './families/style.js';
import { loadCandidateRows } from './candidate-rows.js';
import type { ProbeData, ProbeInfo } from './probe-data.js';
import { readCandidateRows, type RunRows } from './read-rows.js';
import type { MetricName } from './registry.js';
import { resolutionTable } from './resolution.js';
import { sliceMetrics, sliceUnits } from './slices.js';
import type { CandidateSummary, ExperimentMetrics, MetricEstimate } from './types.js';

export interface ComputeOptions {
  /** Judge-vs-rule kappa (default true). */
  agreement?: boolean;
  /** Minimal detectable differences (default true). */
  resolution?: boolean;
  /** Threads reading the store (default: by size and cores, see readThreads; 1 = this thread). */
  threads?: number;
}

type Tallies = Partial<Record<MetricName, UnitTally[]>>;

/**
 * Every metric of every candidate, from the store: per-probe totals come from one grouped scan per
 * candidate and set version (streamed), so memory grows with the number of probes, not replies.
 */
export function computeExperimentMetrics(db: Db, experimentName: string, opts: ComputeOptions = {}): ExperimentMetrics {
  const experimentId = findExperimentId(db, experimentName);
  if (experimentId === undefined) throw new InputError(`no experiment "${experimentName}" in the store: run its plan first`);
  const planRow = db.prepare('SELECT plan_json FROM experiments WHERE id = ?').get(experimentId) as { plan_json: string };
  const withTone = z.object({ judge: Judge.optional() }).safeParse(JSON.parse(planRow.plan_json)).data?.judge !== undefined;
  const rows = experimentCandidates(db, experimentId);
  const runsOf = new Map(rows.map((c) => [c.id, currentRuns(db, c.id)]));
  const setNames = new Set([...runsOf.values()].flat().map((r) => r.setName));
  const probes = new ProbeCatalog(db, setNames.size > 1);
  // Graders that never graded anything need no join in the million-row scan.
  const present = gradersPresent(db);
  const result: ExperimentMetrics = { experiment: experimentName, candidates: [], units: {} };
  const reads = loadCandidateRows(db, rows.map((c) => ({ candidateId: c.id, runs: runsOf.get(c.id) ?? [] })), present, opts.threads);
  try {
    // Slice membership depends only on the set versions evaluated: shared by candidates with the same.
    const slicesBySets = new Map<string, Map<string, Set<string>>>();
    for (const [i, row] of rows.entries()) {
      const runs = runsOf.get(row.id) ?? [];
      const data = assembleProbeData(runs, reads.rowsOf(i), probes);
      const sets = runs.map((r) => r.setVersionId).join(',');
      let slices = slicesBySets.get(sets);
      if (!slices) slicesBySets.set(sets, (slices = sliceUnits(data.probes.map((p) => p.info), data.groups)));
      const { summary, units } = candidateMetrics(row, runs, data, withTone, slices);
      result.candidates.push(summary);
      for (const [metric, u] of Object.entries(units) as [MetricName, Record<string, number>][]) {
        (result.units[metric] ??= {})[row.name] = u;
      }
    }
  } finally {
    reads.close();
  }
  if (opts.agreement ?? true) result.judge_agreement = judgeAgreement(db, experimentId);
  if (opts.resolution ?? true) result.resolution = resolutionTable(result);
  return result;
}

interface CatalogEntry {
  probes: ProbeInfo[];
  groups: Map<string, ProbeInfo[]>;
  /** Unit-key prefix: the set name when the experiment spans several sets, else empty. */
  prefix: string;
}

const groupKey = (prefix: string, grp: string): string => `${prefix}group:${grp}`;

/** Probe facts per set version, read once and shared by all candidates (exported for probe health). */
export class ProbeCatalog {
  private readonly sets = new Map<number, CatalogEntry>();
  constructor(private readonly db: Db, private readonly prefixUnits: boolean) {}
  get(run: CurrentRun): CatalogEntry {
    const hit = this.sets.get(run.setVersionId);
    if (hit) return hit;
    const probes: ProbeInfo[] = [];
    const groups = new Map<string, ProbeInfo[]>();
    const prefix = this.prefixUnits ? `${run.setName}/` : '';
    for (const p of probeRows(this.db, run.setVersionId)) {
      const group = p.grp === null ? null : groupKey(prefix, p.grp);
      const info: ProbeInfo = {
        row: p.id, unit: `${prefix}${p.probe_id}`, cluster: group ?? `${prefix}${p.probe_id}`, group,
        category: p.category, behavior: p.behavior, lang: p.lang, match: p.match, hasAnswer: p.has_answer === 1,
        tags: p.tags_json === null ? [] : (JSON.parse(p.tags_json) as string[]), repeats: run.repeats,
      };
      probes.push(info);
      if (group !== null) {
        const members = groups.get(group);
        if (members) members.push(info);
        else groups.set(group, [info]);
      }
    }
    const entry = { probes, groups, prefix };
    this.sets.set(run.setVersionId, entry);
    return entry;
  }
}

/** One candidate's per-probe totals and paraphrase-group samples on the given runs, and its reply counts. */
export interface CandidateProbeData {
  probes: ProbeData[];
  groups: GroupData[];
  replied: number;
  errors: number;
  expected: number;
}

/** Reads a candidate's per-probe data from the store (exported for `probes diff --results`). */
export function candidateProbeData(
  db: Db, candidateId: number, runs: readonly CurrentRun[], catalog: ProbeCatalog, present?: ReadonlySet<string>,
): CandidateProbeData {
  return assembleProbeData(runs, readCandidateRows(db, candidateId, runs, present, false).rows, catalog);
}

/** Puts a candidate's rows (one RunRows per run, same order) together with the probe catalog. */
function assembleProbeData(runs: readonly CurrentRun[], rows: readonly RunRows[], catalog: ProbeCatalog): CandidateProbeData {
  const probes: ProbeData[] = [];
  const groups: GroupData[] = [];
  let replied = 0;
  let errors = 0;
  let expected = 0;
  runs.forEach((run, r) => {
    const set = catalog.get(run);
    const { totals: totalRows, samples: sampleRows } = rows[r]!;
    const totals = new Map<number, ProbeTotals>();
    for (const t of totalRows) {
      totals.set(t.probeRow, t);
      replied += t.replied;
      errors += t.errors;
    }
    for (const info of set.probes) probes.push({ info, totals: totals.get(info.row) });
    expected += set.probes.length * run.repeats;
    const samples = new Map<string, GroupData['samples']>();
    for (const s of sampleRows) {
      const key = groupKey(set.prefix, s.grp);
      const list = samples.get(key);
      if (list) list.push(s);
      else samples.set(key, [s]);
    }
    for (const [key, members] of set.groups) groups.push({ key, members, repeats: run.repeats, samples: samples.get(key) ?? [] });
  });
  return { probes, groups, replied, errors, expected };
}

function candidateMetrics(
  row: CandidateRow, runs: CurrentRun[], data: CandidateProbeData, withTone: boolean, slices: ReadonlyMap<string, ReadonlySet<string>>,
): { summary: CandidateSummary; units: Partial<Record<MetricName, Record<string, number>>> } {
  const { probes, groups, replied, errors, expected } = data;
  const all = familyTallies(probes, groups, withTone);
  const metrics: Partial<Record<MetricName, MetricEstimate>> = {};
  const units: Partial<Record<MetricName, Record<string, number>>> = {};
  for (const [metric, tallies] of Object.entries(all) as [MetricName, UnitTally[]][]) {
    const e = estimate(metric, tallies);
    if (!e) continue;
    metrics[metric] = e.estimate;
    units[metric] = e.units;
  }
  const spec = Candidate.safeParse(JSON.parse(row.spec_json));
  const c = spec.success ? spec.data : undefined;
  const { seed = null, ...params } = c?.params ?? {};
  const subset = runs.find((r) => r.subset !== null)?.subset ?? null;
  return {
    summary: {
      name: row.name, ordinal: row.ordinal, model: row.model, configKey: row.config_key,
      params, seed, run: c?.run ?? null, step: c?.step ?? null, baseline: c?.baseline ?? false, intent: c?.intent ?? null,
      coverage: {
        expected, replied, errors, complete: replied === expected && subset === null && expected > 0, subset,
        setVersions: runs.map((r) => `${r.setName}@${r.version.slice(0, 8)}`),
      },
      metrics,
      slices: sliceMetrics(all, slices),
    },
    units,
  };
}

/** Every metric's unit tallies from per-probe data (exported for `probes diff --results`). */
export function familyTallies(probes: readonly ProbeData[], groups: readonly GroupData[], withTone: boolean): Tallies {
  const style = styleTallies(probes, withTone);
  return {
    ...refusalTallies(probes),
    ...boundaryTallies(probes),
    ...factualityTallies(probes),
    ...consistencyTallies(groups),
    'style.courtesy': style['style.courtesy'],
    'style.length': style['style.length'],
    ...(withTone ? { 'style.tone': style['style.tone'] } : {}),
  };
}
