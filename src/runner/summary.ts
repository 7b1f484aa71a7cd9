import type { GradeSummary } from '../graders/grade-experiment.js';
import type { Db } from '../store/db.js';
import type { RunStatus } from '../store/experiments.js';
import { failuresOf, missingWork } from '../store/responses.js';
import type { RunOutcome } from './events.js';
import type { CandidateJob, SetJob } from './work.js';

/** Persistent failures of one error class, for the end-of-run listing. */
export interface FailureGroup {
  errorClass: string;
  /** Probe-samples with this error. */
  count: number;
  /** Probe ids (at most `listed`), sorted. */
  probes: string[];
  /** One stored message, as an example. */
  example: string | null;
}

export interface CandidateOutcome {
  name: string;
  expected: number;
  replied: number;
  errors: number;
  status: RunStatus;
  subset: string | null;
  /** In this invocation. */
  sent: number;
  retries: number;
  failures: FailureGroup[];
}

export interface RunSummary {
  experiment: string;
  outcome: RunOutcome;
  /** Why the run stopped early (budget or interrupt), else null. */
  stopReason: string | null;
  candidates: CandidateOutcome[];
  requests: number;
  tokens: number;
  usd: number;
  elapsedMs: number;
  /** Grading of the stored replies after the run (null when the run was interrupted). */
  grading?: GradeSummary | null;
  /** Notes a person should read: judge skipped, a train_log that could not be imported. */
  notes?: string[];
}

const LISTED = 20;

/** Counts what a (candidate, set) job covers now; same definitions as the work stream. */
export function coverageOfJob(db: Db, job: CandidateJob, set: SetJob, repeats: number): { missing: number; failures: FailureGroup[] } {
  let missing = 0;
  for (const m of missingWork(db, job.candidateId, set.setVersionId, repeats)) {
    if (!set.only || set.only.has(m.probeId)) missing++;
  }
  const groups = new Map<string, FailureGroup & { seen: Set<string> }>();
  for (const f of failuresOf(db, job.candidateId, set.setVersionId, repeats)) {
    if (set.only && !set.only.has(f.probeId)) continue;
    let g = groups.get(f.errorClass);
    if (!g) {
      g = { errorClass: f.errorClass, count: 0, probes: [], example: f.errorMessage, seen: new Set() };
      groups.set(f.errorClass, g);
    }
    g.count++;
    if (!g.seen.has(f.probeId) && g.probes.length < LISTED) {
      g.seen.add(f.probeId);
      g.probes.push(f.probeId);
    }
  }
  return { missing, failures: [...groups.values()].map(({ seen: _seen, ...g }) => g) };
}

/** A run row's status from what it covers and why the run ended. */
export function runStatus(complete: boolean, subset: boolean, stoppedBy: 'interrupt' | 'budget' | null): RunStatus {
  if (complete && !subset) return 'complete';
  if (stoppedBy === 'interrupt') return 'interrupted';
  if (stoppedBy === 'budget') return 'budget';
  return 'partial';
}

/** The whole run's outcome: interrupted/budget win, then complete only if every candidate is. */
export function runOutcome(statuses: readonly RunStatus[], stoppedBy: 'interrupt' | 'budget' | null): RunOutcome {
  if (stoppedBy === 'interrupt') return 'interrupted';
  if (stoppedBy === 'budget') return 'budget';
  return statuses.every((s) => s === 'complete') ? 'complete' : 'partial';
}

/** Exit code of `run` (DESIGN: 0 complete, 4 coverage below 100%; 130 after Ctrl-C). */
export function exitCodeForRun(summary: RunSummary): number {
  if (summary.outcome === 'interrupted') return 130;
  return summary.outcome === 'complete' ? 0 : 4;
}
