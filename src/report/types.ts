import type { MetricName } from '../metrics/registry.js';
import type { CandidateSummary, Interval, JudgeAgreement, Resolution } from '../metrics/types.js';
import type { ParamValue } from '../plan/schema.js';
import type { Verdict } from '../verdict/schema.js';

/** A configuration's value of one metric, over its seed replicates. */
export interface ConfigurationMetric {
  mean: number;
  min: number;
  max: number;
  /** Replicates with a value. */
  seeds: number;
  /** The candidate's own 95% interval when the configuration has one replicate, else null. */
  ci: Interval | null;
}

/** Candidates sharing params except `seed` (DESIGN.md: replicates of one configuration). */
export interface Configuration {
  key: string;
  params: Record<string, ParamValue>;
  baseline: boolean;
  /** Candidate names of the replicates, in plan order. */
  members: string[];
  metrics: Partial<Record<MetricName, ConfigurationMetric>>;
}

export interface CurvePoint {
  step: number;
  loss?: number;
  eval_loss?: number;
}

/** One training run: its loss curve and the checkpoints that were evaluated. */
export interface TrainingCurve {
  run: string;
  /** Candidate names of the run's checkpoints, by step. */
  checkpoints: string[];
  points: CurvePoint[];
}

/** One evaluation pass (a row of the store's `runs`), for the coverage section. */
export interface RunRecord {
  candidate: string;
  set: string;
  /** `name@8hex`. */
  setVersion: string;
  repeats: number;
  expected: number;
  replied: number;
  errors: number;
  subset: string | null;
  status: string;
  startedAt: string;
  finishedAt: string | null;
}

export interface ExplorerProbe {
  /** Unique across the experiment's sets: `set/id` when several sets are evaluated, else `id`. */
  key: string;
  id: string;
  set: string;
  category: string;
  /** What a good model does: the reference for refuse/comply decisions. */
  behavior: 'answer' | 'refuse';
  tags: string[];
  lang: string | null;
  group: string | null;
  prompt: string;
  /** What a good model does, in words (behavior, reference answer, match). */
  expect: string;
}

/**
 * `decision` tokens (refuse / comply / partial) pass or fail only against a probe's expected
 * behaviour, so the page resolves them per probe; `value` tokens are descriptive (style, tone).
 */
export type OutcomeKind =
  | 'pass' | 'fail' | 'partial' | 'decision' | 'value' | 'grade-error' | 'na' | 'no-reply' | 'not-run' | 'ungraded';

/**
 * How a grader's outcomes are read: a refuse/comply decision, a correctness grade, or a description
 * (courtesy, tone) that is shown but is not a pass or a fail.
 */
export type GraderClass = 'decision' | 'correctness' | 'descriptive';

/** What one code character in an outcome string means. */
export interface OutcomeToken {
  code: string;
  /** null for tokens that concern the reply, not a grade (no reply, not run). */
  grader: string | null;
  kind: OutcomeKind;
  label: string;
  score: number | null;
}

/**
 * Everything the probe explorer needs for any pair of candidates, compactly: outcome codes for every
 * candidate × probe × grader × sample, and the reply texts that fit the page (see `embedding`).
 */
export interface ExplorerData {
  candidates: string[];
  probes: ExplorerProbe[];
  graders: string[];
  /** Aligned with `graders`. */
  graderClasses: GraderClass[];
  /** Graders left out of the outcome codes, with the reason (stated on the page). */
  omittedGraders: { name: string; reason: string }[];
  samples: number;
  tokens: OutcomeToken[];
  /** Per candidate, P × G × k code characters: probe p, grader g, sample s at (p × G + g) × k + s. */
  outcomes: string[];
  /**
   * Per slot (c × P + p) × k + s: the index of the reply's text in `texts`, −1 when there is no reply,
   * −2 when the reply's text is not in the page (`stoppoint export` has it).
   */
  replies: Int32Array;
  /** Deduplicated reply texts, truncated to `truncation.limit` characters. */
  texts: string[];
  /** Full text of truncated replies, by text index; empty when keeping them would break the size goal. */
  full: Record<string, string>;
  truncation: Truncation;
  embedding: Embedding;
}

/** Which reply texts the page carries (stated on the page). */
export interface Embedding {
  /** True when every stored reply's text is in the page. */
  all: boolean;
  /** Replies whose text is in the page, of `total` stored replies. */
  embedded: number;
  total: number;
  /** When not all: the pairs whose changed probes carry texts, in the order they were served. */
  pairs: EmbeddedPair[];
}

export interface EmbeddedPair {
  a: string;
  b: string;
  /** Why the pair matters (baseline vs freeze candidate, contract, signal …). */
  why: string;
  /** Probes whose judgment outcome changed between a and b. */
  changed: number;
  /** Of those, probes whose replies are in the page for both a and b. */
  withText: number;
}

/** How reply texts were fitted into the page's size goal (stated on the page). */
export interface Truncation {
  /** Characters kept of a long reply. */
  limit: number;
  /** Original length of every truncated text, by text index. */
  cut: Record<string, number>;
  /** Whether the full texts of truncated replies are in the page (behind an expander). */
  fullKept: boolean;
  /** True when even the shortest limit leaves the texts above their byte budget. */
  overBudget: boolean;
}

export interface ReportData {
  experiment: string;
  generatedAt: string;
  verdict: Verdict;
  /** The metrics hand-off (ExperimentMetrics.candidates), in plan order. */
  candidates: CandidateSummary[];
  configurations: Configuration[];
  curves: TrainingCurve[];
  runs: RunRecord[];
  /** Smallest paired difference each metric can resolve (metrics hand-off), when computed. */
  resolution: Partial<Record<MetricName, Resolution>>;
  /** Rule-vs-judge agreement (metrics hand-off), when a judge graded. */
  judgeAgreement: JudgeAgreement[];
  explorer: ExplorerData;
}
