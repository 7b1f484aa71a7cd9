import { InputError } from '../errors.js';
import type { ExperimentMetrics } from '../metrics/types.js';
import type { Db } from '../store/db.js';
import { reportCandidates, reportProbes, reportRuns, reportSampleSlots, reportTrainLoss } from '../store/report-queries.js';
import { findExperimentId } from '../store/experiments.js';
import { loadSignalInput, verdictOf, type VerdictOptions } from '../verdict/compute.js';
import type { Verdict } from '../verdict/schema.js';
import type { Workspace } from '../workspace.js';
import { groupConfigurations } from './configurations.js';
import { trainingCurves } from './curves.js';
import { buildExplorer } from './explorer.js';
import { namedPairs } from './pairs.js';
import type { ReportData, RunRecord } from './types.js';

/**
 * Bytes the reply texts may take in the page (packed). The report's goals are < 5 MB for 20 candidates
 * × 300 probes × 3 repeats and < 10 MB for a million replies; outcome codes, probes, tables and charts
 * take well under 1.5 MB of the first and about 3 MB of the second.
 */
export const TEXT_BUDGET_BYTES = 3_500_000;

/** What the metrics and verdict modules computed for the experiment. */
export interface ReportInputs {
  metrics: ExperimentMetrics;
  verdict: Verdict;
}

/**
 * Everything the report shows for an experiment: the verdict and the metrics it was decided from
 * (computed once: the verdict's own input carries the metrics), plus what the store holds.
 */
export function buildReportData(
  db: Db,
  ws: Workspace,
  experiment: string,
  options: VerdictOptions & { now?: Date } = {},
): ReportData {
  const input = loadSignalInput(db, ws, experiment, options);
  const verdict = verdictOf(input);
  return assembleReportData(db, experiment, { metrics: input.metrics, verdict }, options.now ?? new Date());
}

/**
 * Reads what the report shows from the store (runs, probes, every reply's grades, the reply texts that
 * fit, training logs) and puts it together with the metrics and the verdict.
 */
export function assembleReportData(
  db: Db,
  experiment: string,
  inputs: ReportInputs,
  now: Date,
  textBudgetBytes: number = TEXT_BUDGET_BYTES,
): ReportData {
  const experimentId = findExperimentId(db, experiment);
  if (experimentId === undefined) {
    throw new InputError(`no experiment named "${experiment}" in the store: run its plan first (stoppoint run runs/${experiment}.yaml)`);
  }
  const candidates = reportCandidates(db, experimentId);
  const summaries = [...inputs.metrics.candidates].sort((a, b) => a.ordinal - b.ordinal);
  const explorer = buildExplorer({
    db,
    candidates,
    probes: reportProbes(db, experimentId),
    samples: reportSampleSlots(db, experimentId),
    pairs: namedPairs(inputs.verdict, summaries),
    textBudgetBytes,
  });
  const runs: RunRecord[] = reportRuns(db, experimentId).map((r) => ({
    candidate: r.candidate,
    set: r.setName,
    setVersion: `${r.setName}@${r.setVersion.slice(0, 8)}`,
    repeats: r.repeats,
    expected: r.expected,
    replied: r.replied,
    errors: r.errors,
    subset: r.subset,
    status: r.status,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
  }));
  return {
    experiment,
    generatedAt: now.toISOString(),
    verdict: inputs.verdict,
    candidates: summaries,
    configurations: groupConfigurations(summaries),
    curves: trainingCurves(summaries, reportTrainLoss(db, experimentId)),
    runs,
    resolution: inputs.metrics.resolution ?? {},
    judgeAgreement: inputs.metrics.judge_agreement ?? [],
    explorer,
  };
}
