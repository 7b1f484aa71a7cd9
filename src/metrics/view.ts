import { InputError } from '../errors.js';
import { loadGraders } from '../graders/registry.js';
import { staleGradeCount } from '../store/metric-queries.js';
import type { Workspace } from '../workspace.js';
import { z } from 'zod';
import { Judge } from '../plan/schema.js';
import type { Db } from '../store/db.js';
import { findExperimentId } from '../store/experiments.js';
import { listDisagreements, type Disagreement } from '../store/grades.js';
import { COMPARABLE_PAIRS } from './agreement.js';
import { computeExperimentMetrics } from './compute.js';
import { compareCandidates } from './paired-compare.js';
import { METRIC_NAMES } from './registry.js';
import type { ExperimentMetrics, PairedComparison } from './types.js';

export type SliceKind = 'category' | 'tag' | 'lang';

export interface MetricsViewOptions {
  /** Paired comparison of every metric, b against a. */
  vs?: [string, string];
  /** Show slices of this kind under each candidate. */
  by?: SliceKind;
  /** List up to this many rule/judge disagreements per comparable pair. */
  disagreements?: number;
}

/** What `stoppoint metrics` shows: the metrics, and on request a paired comparison and disagreements. */
export interface MetricsView {
  metrics: ExperimentMetrics;
  comparison?: PairedComparison[];
  by?: SliceKind;
  disagreements?: { rule: string; judge: string; rows: Disagreement[] }[];
}

export function metricsView(db: Db, ws: Workspace, experiment: string, opts: MetricsViewOptions = {}): MetricsView {
  const metrics = computeExperimentMetrics(db, experiment);
  const id = findExperimentId(db, experiment)!;
  metrics.stale_grades = staleGrades(db, ws, id);
  const view: MetricsView = { metrics };
  if (opts.vs) {
    const [a, b] = opts.vs;
    view.comparison = METRIC_NAMES.filter((m) => metrics.units[m] !== undefined).map((m) => compareCandidates(metrics, a, b, m));
  }
  if (opts.by) view.by = opts.by;
  if (opts.disagreements !== undefined) {
    if (!Number.isInteger(opts.disagreements) || opts.disagreements < 1) throw new InputError('--disagreements takes a positive whole number');
    view.disagreements = COMPARABLE_PAIRS.map(([rule, judge]) => ({ rule, judge, rows: listDisagreements(db, id, rule, judge, opts.disagreements) }));
  }
  return view;
}

/** Grades from a grader version other than the workspace's current definitions. */
function staleGrades(db: Db, ws: Workspace, experimentId: number): number {
  const row = db.prepare('SELECT plan_json FROM experiments WHERE id = ?').get(experimentId) as { plan_json: string };
  const judge = z.object({ judge: Judge.optional() }).safeParse(JSON.parse(row.plan_json)).data?.judge;
  const current = Object.fromEntries(loadGraders(ws, judge?.model).map((g) => [g.name, g.version]));
  return staleGradeCount(db, experimentId, current);
}
