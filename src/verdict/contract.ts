import { InputError } from '../errors.js';
import { METRICS, type MetricName } from '../metrics/registry.js';
import { compareCandidates, compareFor, r4, type Change } from '../signals/compare.js';
import type { SignalInput } from '../signals/input.js';
import type { ContractCheck } from './schema.js';

/**
 * The stop contract's rules, decided on the paired comparison of `candidate` against `against`
 * (delta = candidate − against, in the metric's own units; `interval` its 95% interval):
 *
 * - must_improve {metric, min_gain} is met when the gain in the metric's better direction is
 *   significant (p < alpha and the interval excludes 0) AND its point estimate is ≥ min_gain.
 *   Demanding the lower bound ≥ min_gain would ask for a precision small probe sets cannot give;
 *   accepting a point gain without significance would count noise as progress.
 * - must_not_regress {metric, max_loss} is broken when the loss in the metric's better direction
 *   is significant (p < alpha, interval excludes 0 on the loss side) AND its point estimate is
 *   > max_loss. A drop inside the noise is not a regression; a real drop within tolerance is allowed.
 *   (The mirror of must_improve, so both rules read the same evidence the same way.)
 * - A rule whose metric was not measured for both candidates is not met (ok: false, delta null):
 *   a contract cannot be shown to hold on data that is not there.
 */
export function checkRule(
  input: SignalInput,
  rule: { kind: 'must_improve'; metric: MetricName; min_gain: number } | { kind: 'must_not_regress'; metric: MetricName; max_loss: number },
  candidate: string,
  against: string,
): ContractCheck {
  if (METRICS[rule.metric].direction === 'none') {
    throw new InputError(`contract: ${rule.metric} has no better direction, so it cannot be in ${rule.kind}`);
  }
  const change = compareCandidates(input, rule.metric, against, candidate);
  const threshold = rule.kind === 'must_improve' ? rule.min_gain : rule.max_loss;
  return {
    metric: rule.metric,
    rule: rule.kind,
    ok: rule.kind === 'must_improve' ? improves(change, rule.min_gain) : !regresses(change, rule.max_loss),
    delta: r4(change.delta),
    interval: change.ci ? [r4(change.ci[0])!, r4(change.ci[1])!] : null,
    candidate,
    against,
    threshold,
  };
}

type Rule = Parameters<typeof checkRule>[1];

/**
 * Whether a rule holds, without building its table row: the paired test runs only when the point
 * estimate leaves the outcome open (a gain needs a positive point gain, a regression a point loss).
 */
export function ruleHolds(input: SignalInput, rule: Rule, candidate: string, against: string): boolean {
  if (rule.kind === 'must_improve') return improves(compareFor(input, 'gain', rule.metric, against, candidate), rule.min_gain);
  return !regresses(compareFor(input, 'loss', rule.metric, against, candidate), rule.max_loss);
}

/** Every must_not_regress rule of `candidate` against `against` holds. */
export function guardsHold(input: SignalInput, candidate: string, against: string): boolean {
  return input.contract.must_not_regress.every((r) => ruleHolds(input, { kind: 'must_not_regress', ...r }, candidate, against));
}

/** The whole contract holds for `candidate` against `against`. */
export function contractHolds(input: SignalInput, candidate: string, against: string): boolean {
  return (
    input.contract.must_improve.every((r) => ruleHolds(input, { kind: 'must_improve', ...r }, candidate, against)) &&
    guardsHold(input, candidate, against)
  );
}

export function improves(change: Change, minGain: number): boolean {
  return change.movement === 'gain' && change.gain !== null && change.gain >= minGain;
}

export function regresses(change: Change, maxLoss: number): boolean {
  if (change.movement === 'unmeasured') return true;
  return change.movement === 'loss' && change.gain !== null && -change.gain > maxLoss;
}

/** Every must_not_regress rule of `candidate` against `against`. */
export function guardChecks(input: SignalInput, candidate: string, against: string): ContractCheck[] {
  return input.contract.must_not_regress.map((r) => checkRule(input, { kind: 'must_not_regress', ...r }, candidate, against));
}

/** Every must_improve rule of `candidate` against `against`. */
export function improveChecks(input: SignalInput, candidate: string, against: string): ContractCheck[] {
  return input.contract.must_improve.map((r) => checkRule(input, { kind: 'must_improve', ...r }, candidate, against));
}

/** The whole contract of one candidate against the baseline. */
export function contractAgainst(input: SignalInput, candidate: string, baseline: string): ContractCheck[] {
  return [...improveChecks(input, candidate, baseline), ...guardChecks(input, candidate, baseline)];
}
