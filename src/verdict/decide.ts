import type { SignalInput } from '../signals/input.js';
import type { Signal } from '../signals/types.js';
import { contractAgainst, guardChecks } from './contract.js';
import { chooseFreeze, freezeRisks, type FreezeChoice } from './freeze.js';
import { walkProgress, type Progress } from './progress.js';
import type { ContractCheck, Verdict } from './schema.js';

/**
 * The seed's flow, as a pure function of the signals and the contract:
 * 1. Can the results be compared at all? `partial-evaluation` fired → stop, fix the evaluation first.
 * 2. Is behaviour improving stably? Yes when an iteration within the last `patience` made a real
 *    gain over the best so far (see walkProgress) and no signal with severity stop fired →
 *    continue, keep tuning.
 * 3. Otherwise it is at best failing differently: stop. Freeze the best candidate that keeps the
 *    contract (earliest of those that cannot be told apart), or — when none does — go back to the data.
 */
export function decide(input: SignalInput, signals: readonly Signal[]): Verdict {
  const progress = walkProgress(input);
  const stopping = signals.filter((s) => s.fired && s.severity === 'stop');
  const partial = stopping.find((s) => s.id === 'partial-evaluation');
  const patienceUsed = progress.stale >= input.contract.patience;
  const base = { experiment: input.metrics.experiment, signals: [...signals] };

  if (partial) {
    return {
      ...base,
      verdict: 'stop',
      action: 'fix-evaluation',
      freeze_candidate: null,
      contract: contractChecks(input, progress, null),
      freeze_risks: [],
      reason: `Fix the evaluation first: ${partial.summary} No comparison can be trusted until every candidate is evaluated on the same full probe set.`,
    };
  }
  if (!patienceUsed && stopping.length === 0) {
    const last = progress.steps.filter((s) => s.real_gain).at(-1);
    return {
      ...base,
      verdict: 'continue',
      action: 'keep-tuning',
      freeze_candidate: null,
      contract: contractChecks(input, progress, null),
      freeze_risks: [],
      reason: last
        ? `Keep tuning: ${last.candidate} made a real gain over ${last.against} on ${last.gains.join(', ')} ` +
          `${progress.stale === 0 ? 'in the latest iteration' : `${progress.stale} iteration(s) ago`} (patience ${input.contract.patience}), and no stop signal fired.`
        : progress.steps.length === 0
          ? 'Keep tuning: nothing to judge yet beyond the baseline.'
          : `Keep tuning: no real gain yet, but patience (${input.contract.patience}) is not used up (${progress.stale} iteration(s)) and no stop signal fired.`,
    };
  }
  const freeze = chooseFreeze(input, progress);
  // The reason names the causes; each signal's numbers follow it in `signals`.
  const why = [
    ...(patienceUsed ? [`no real gain over ${progress.best} for ${progress.stale} iteration(s) (patience ${input.contract.patience})`] : []),
    ...(stopping.length ? [`stop signal(s): ${stopping.map((s) => s.id).join(', ')}`] : []),
  ];
  return {
    ...base,
    verdict: 'stop',
    action: freeze ? 'freeze' : 'back-to-data',
    freeze_candidate: freeze?.candidate ?? null,
    contract: contractChecks(input, progress, freeze),
    freeze_risks: freeze ? freezeRisks(input, freeze.candidate, progress.baseline) : [],
    reason: `Stop: ${why.join('; ')}. ${freezeSentence(freeze, progress)}`,
  };
}

function freezeSentence(freeze: FreezeChoice | null, progress: Progress): string {
  if (!freeze) {
    return `No candidate keeps the contract against ${progress.baseline ?? 'the baseline'}: turning the knobs further will not get there; go back to the data.`;
  }
  const earlier = freeze.instead_of ? ` (preferred to ${freeze.instead_of}, which it cannot be told apart from)` : '';
  return `Freeze ${freeze.candidate}${earlier}: it keeps the contract against ${progress.baseline}.`;
}

/**
 * The contract table: the latest candidate against the baseline (every rule) and against the best
 * candidate before it (must_not_regress: did it give back what was won?), and the freeze candidate
 * against the baseline when it is not the latest.
 */
export function contractChecks(input: SignalInput, progress: Progress, freeze: FreezeChoice | null): ContractCheck[] {
  const { latest, baseline, bestBeforeLatest } = progress;
  if (latest === null || baseline === null) return [];
  const checks = contractAgainst(input, latest, baseline);
  if (bestBeforeLatest !== null && bestBeforeLatest !== baseline && bestBeforeLatest !== latest) {
    checks.push(...guardChecks(input, latest, bestBeforeLatest));
  }
  if (freeze && freeze.candidate !== latest) checks.push(...contractAgainst(input, freeze.candidate, baseline));
  return checks;
}
