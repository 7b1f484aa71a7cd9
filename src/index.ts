/**
 * stoppoint's library API. The CLI (src/cli/) is a thin shell over these functions;
 * users and tests import them directly.
 */
export * from './errors.js';
export * from './workspace.js';
export * from './probes/schema.js';
export * from './plan/schema.js';
export * from './metrics/registry.js';
export * from './metrics/types.js';
export * from './graders/grade.js';
export * from './signals/types.js';
export * from './verdict/schema.js';
export { openDb, migrate, schemaVersion, type Db } from './store/db.js';
export * from './stats/index.js';
export { loadPlan, type LoadedPlan } from './plan/load.js';
export { runPlan, evaluatePlan, type RunSelection, type RunTuning, type RunContext, type RunPlanOptions } from './runner/run-plan.js';
export type { RunSummary, CandidateOutcome, FailureGroup } from './runner/summary.js';
export { exitCodeForRun } from './runner/summary.js';
export type { RunnerEvent, RunnerListener, CandidateProgress, RunOutcome } from './runner/events.js';
export { dryRun, type DryRunReport } from './runner/dry-run.js';
export { parseSubset, type Subset } from './runner/subset.js';
export { loadProbeSetDir, type LoadedProbeSet } from './probes/load.js';
export { resolveProbeSets, discoverProbeSets, parseProbeSetSpec, type ProbeSetLocation, type ProbeSetSpec } from './probes/resolve.js';
export { canonicalJson, recordsVersion } from './probes/canonical.js';
export { lintProbeSet, NEAR_DUPLICATE_THRESHOLD, MIN_BEHAVIOR_SHARE, type Finding, type LintReport } from './probes/lint.js';
export { diffProbeSets, type ProbeSetDiff, type ProbeChange } from './probes/diff.js';
export { listProbeSets, showProbeSet, diffProbeSetSpecs, lintProbeSets, tagProbeSet, type ProbeSetSummary, type SetLint, type TagResult } from './probes/catalog.js';
export { importProbeSet, ImportFormat, type ImportOptions, type ImportResult } from './probes/import/index.js';
export { saveProbeSetSnapshot, loadSnapshot, listSnapshots, setTag, resolveTag, listTags, type Snapshot, type SnapshotInfo, type TagInfo } from './store/probesets.js';
export { scaffoldWorkspace, type InitResult } from './init.js';
export { exportExperiment, exportToPath, csvLine, type ExportFormat } from './export.js';
