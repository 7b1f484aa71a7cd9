import { InputError } from '../errors.js';
import type { Db } from '../store/db.js';
import type { Workspace } from '../workspace.js';
import { loadSignalInput, type VerdictOptions } from './compute.js';
import { contractAgainst, guardChecks } from './contract.js';
import { walkProgress } from './progress.js';
import type { ContractCheck } from './schema.js';

export interface GateResult {
  experiment: string;
  /** The candidate under test: the latest tried, unless one was named. */
  candidate: string | null;
  baseline: string | null;
  /** The best candidate before it, whose must_not_regress metrics it must also keep. */
  best_before: string | null;
  ok: boolean;
  contract: ContractCheck[];
}

/**
 * `stoppoint gate`: the stop contract of one candidate (default: the latest tried) against the
 * baseline — every rule — and against the best candidate before it — every must_not_regress.
 * `ok` is false when any of them is broken. No signals: a CI gate checks the contract, nothing else.
 */
export function computeGate(db: Db, ws: Workspace, experiment: string, options: VerdictOptions & { candidate?: string } = {}): GateResult {
  const input = loadSignalInput(db, ws, experiment, options, { agreement: false, resolution: false });
  const progress = walkProgress(input);
  const subject = options.candidate ?? progress.latest;
  const base = { experiment, candidate: subject, baseline: progress.baseline };
  if (subject === null || progress.baseline === null) return { ...base, best_before: null, ok: true, contract: [] };
  if (subject === progress.baseline) throw new InputError(`${subject} is the baseline: the contract is checked against it, not on it`);
  const step = progress.steps.find((s) => s.candidate === subject);
  if (!step) {
    const known = progress.steps.map((s) => s.candidate).join(', ');
    throw new InputError(`no candidate named ${subject} in experiment ${experiment} (candidates: ${known || 'none'})`);
  }
  const checks = contractAgainst(input, subject, progress.baseline);
  const bestBefore = step.against !== progress.baseline ? step.against : null;
  if (bestBefore !== null) checks.push(...guardChecks(input, subject, bestBefore));
  return { ...base, best_before: bestBefore, ok: checks.every((c) => c.ok), contract: checks };
}
