import { z } from 'zod';
import { MetricName } from './registry.js';

export const Interval = z.tuple([z.number(), z.number()]);
export type Interval = z.infer<typeof Interval>;

/** One metric of one candidate (optionally restricted to a slice: category, tag or lang). */
export const MetricEstimate = z.strictObject({
  metric: MetricName,
  value: z.number().nullable(),            // null when nothing could be graded
  n: z.number().int().nonnegative(),       // graded samples behind the value
  clusters: z.number().int().nonnegative(),// independent units (probes or paraphrase groups)
  coverage: z.number().min(0).max(1),      // replied-and-graded / expected
  ci: Interval.nullable(),                 // 95% interval
  method: z.enum(['wilson', 'clustered', 'mean-clustered']),
  /** Repeat-aware reliability (rates only): all k repeats pass, and per-probe flip rate. */
  pass_all_k: z.number().nullable().optional(),
  flip_rate: z.number().nullable().optional(),
});
export type MetricEstimate = z.infer<typeof MetricEstimate>;

/** Paired comparison of two candidates on the same units. delta = b - a. */
export const PairedComparison = z.strictObject({
  metric: MetricName,
  a: z.string(),
  b: z.string(),
  delta: z.number().nullable(),
  ci: Interval.nullable(),
  p_value: z.number().nullable(),
  test: z.enum(['mcnemar-exact', 'paired-bootstrap', 'paired-t', 'none']),
  n_pairs: z.number().int().nonnegative(),
});
export type PairedComparison = z.infer<typeof PairedComparison>;

/**
 * Per-unit scores that paired tests and signals need without touching the store:
 * unit = probe id (or paraphrase group for consistency); value = mean score over repeats.
 */
export type UnitScores = Map<string, number>;

/** A candidate as the metrics, signals, verdict and report see it. */
export interface CandidateSummary {
  name: string;
  ordinal: number;
  model: string;
  /** params without seed; replicates of one configuration share it */
  configKey: string;
  params: Record<string, string | number | boolean>;
  seed: string | number | boolean | null;
  run: string | null;
  step: number | null;
  baseline: boolean;
  intent: { metric?: MetricName; direction?: 'increase' | 'decrease'; note?: string } | null;
  coverage: {
    expected: number;       // probes x repeats over all pinned set versions
    replied: number;        // rows with a reply
    errors: number;         // rows whose attempts all failed
    complete: boolean;      // replied === expected and no subset
    subset: string | null;  // how a --limit/--sample run was limited, else null
    setVersions: string[];  // name@8hex of every probe-set version evaluated
  };
  metrics: Partial<Record<MetricName, MetricEstimate>>;
  /** Same metrics on slices: keys like `lang:zh`, `tag:geo`. */
  slices: Record<string, Partial<Record<MetricName, MetricEstimate>>>;
}

/** Everything the signals, the verdict and the report need, computed once from the store. */
export interface ExperimentMetrics {
  experiment: string;
  candidates: CandidateSummary[];   // in plan order (ordinal)
  /** metric -> candidate -> unit -> mean score over repeats: input of paired comparisons. */
  units: Partial<Record<MetricName, Record<string, Record<string, number>>>>;
  /** Agreement between a rule grader and the judge grading the same thing; absent when not computed. */
  judge_agreement?: JudgeAgreement[];
  /** Smallest paired difference each metric can resolve; absent when not computed. */
  resolution?: Partial<Record<MetricName, Resolution>>;
  /** Grades written by an older grader version (re-grade with `stoppoint grade`); 0 when current. */
  stale_grades?: number;
}

/** Cohen's kappa between a rule grader and a judge grader over replies both scored. */
export interface JudgeAgreement {
  rule: string;
  judge: string;
  kappa: number | null;
  /** Share of replies where both gave the same label. */
  observed: number | null;
  n: number;
  disagreements: number;
}

/**
 * Minimal detectable paired difference at 80% power and α = 0.05 (normal approximation):
 * mdd = 2.8016 · SD(d) / √n, with SD(d) the SD of per-unit differences between two candidates
 * (the median over candidate pairs). Null when fewer than two candidates share units.
 */
export interface Resolution {
  mdd: number | null;
  sd_diff: number | null;
  /** Median Pearson correlation of the unit scores across pairs. */
  rho: number | null;
  n_units: number;
  pairs: number;
}
