import { z } from 'zod';

/**
 * What a maintainer should do about a finding:
 * retire (the probe no longer tells candidates apart), rewrite (its wording or expectation is
 * ambiguous or wrong), split (a paraphrase group holds questions that are not equivalent),
 * add-paraphrases (a probe that carries the signal deserves rewordings), add-probes (the set is thin),
 * evaluate (no stored result covers the probe yet).
 */
export type HealthAction = 'retire' | 'rewrite' | 'split' | 'add-paraphrases' | 'add-probes' | 'evaluate';

export interface FlakyFinding {
  kind: 'flaky';
  probes: [string];
  action: 'rewrite';
  summary: string;
  /** Share of evaluations (with two or more graded samples) whose samples disagree. */
  rate: number;
  /** Evaluations with two or more graded samples. */
  n: number;
  flipped: number;
}

export interface SaturatedFinding {
  kind: 'saturated';
  probes: [string];
  action: 'retire' | 'rewrite';
  summary: string;
  state: 'pass' | 'fail';
  /** The last evaluations looked at (at most --last). */
  evaluations: number;
  samples: number;
}

export interface DiscriminatingFinding {
  kind: 'discriminating';
  probes: [string];
  action: 'add-paraphrases' | 'retire' | 'rewrite';
  summary: string;
  rank: 'top' | 'least';
  /** Point-biserial correlation of a reply's outcome with its candidate's score on the rest of the set. */
  r: number;
  /** Graded replies (observations) and evaluations behind r. */
  n: number;
  evaluations: number;
}

export interface InconsistentGroupFinding {
  kind: 'inconsistent-group';
  probes: string[];
  action: 'split' | 'rewrite';
  summary: string;
  group: string;
  evaluations: number;
  /** Highest agreement any evaluation reached on the group (all below one half). */
  maxAgreement: number;
  /** The member whose outcomes differ most from the others', when one stands out. */
  odd: string | null;
}

export interface GraderDisagreementFinding {
  kind: 'grader-disagreement';
  probes: [string];
  action: 'rewrite';
  summary: string;
  rule: string;
  judge: string;
  /** Share of replies both graders scored on which their labels differ. */
  rate: number;
  n: number;
}

export interface CoverageFinding {
  kind: 'coverage';
  probes: string[];
  action: 'add-probes' | 'retire' | 'evaluate';
  summary: string;
  code: 'behavior-balance' | 'near-duplicate' | 'missing-category' | 'unevaluated';
}

export type HealthFinding =
  | FlakyFinding
  | SaturatedFinding
  | DiscriminatingFinding
  | InconsistentGroupFinding
  | GraderDisagreementFinding
  | CoverageFinding;

export type FindingKind = HealthFinding['kind'];

/** Order findings are grouped in, for output. */
export const FINDING_KINDS: readonly FindingKind[] = [
  'flaky', 'saturated', 'discriminating', 'inconsistent-group', 'grader-disagreement', 'coverage',
];

/** Counts of the set's probes, by the slices metrics report. */
export interface CoverageCounts {
  probes: number;
  byCategory: Record<string, number>;
  byBehavior: Record<string, number>;
  byTag: Record<string, number>;
  byLang: Record<string, number>;
  /** Probes of the set with at least one graded reply in the evaluations looked at. */
  evaluated: number;
}

export interface HealthReport {
  set: string;
  experiments: string[];
  /** Stored versions of the set the evaluations ran on (8 hex), with how many evaluations each. */
  versions: { version: string; evaluations: number }[];
  evaluations: number;
  candidates: number;
  options: HealthOptionsResolved;
  coverage: CoverageCounts;
  findings: HealthFinding[];
}

export const HealthOptions = z.strictObject({
  /** Experiments to read (names); all when absent or empty. */
  experiments: z.array(z.string().min(1)).optional(),
  /** Saturation looks at a probe's last K evaluations. */
  last: z.number().int().min(2).default(5),
  /** A probe is flaky when at least this share of its repeated evaluations disagree across samples. */
  flakyRate: z.number().gt(0).max(1).default(0.3),
  /** Probes named as most and least discriminating. */
  top: z.number().int().min(1).default(10),
  /** Evaluations a rate or a correlation needs before it is reported. */
  minEvaluations: z.number().int().min(2).default(3),
  /** Rule-vs-judge disagreement from which a probe is reported. */
  disagreementRate: z.number().gt(0).max(1).default(0.25),
});
export type HealthOptions = z.input<typeof HealthOptions>;
export type HealthOptionsResolved = z.infer<typeof HealthOptions>;
