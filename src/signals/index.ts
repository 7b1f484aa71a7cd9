import type { SignalInput } from './input.js';
import { irreproducible } from './irreproducible.js';
import { lossRiskDivergence } from './loss-risk-divergence.js';
import { noObjective } from './no-objective.js';
import { parameterCoupling } from './parameter-coupling.js';
import { partialEvaluation } from './partial-evaluation.js';
import { styleOverJudgment } from './style-over-judgment.js';
import type { Signal } from './types.js';

/** The six stop signals in DESIGN.md order; each a pure function of the same input. */
export const SIGNALS: readonly ((input: SignalInput) => Signal)[] = [
  noObjective,
  irreproducible,
  styleOverJudgment,
  lossRiskDivergence,
  partialEvaluation,
  parameterCoupling,
];

export function runSignals(input: SignalInput): Signal[] {
  return SIGNALS.map((signal) => signal(input));
}

export { noObjective, irreproducible, styleOverJudgment, lossRiskDivergence, partialEvaluation, parameterCoupling };
export { DEFAULT_SIGNAL_OPTIONS, type SignalInput, type SignalOptions } from './input.js';
