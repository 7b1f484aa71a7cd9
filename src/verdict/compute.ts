import { InputError, type InputProblem } from '../errors.js';
import { computeExperimentMetrics, type ComputeOptions } from '../metrics/compute.js';
import { Contract } from '../plan/schema.js';
import { runSignals } from '../signals/index.js';
import { DEFAULT_SIGNAL_OPTIONS, type SignalInput, type SignalOptions } from '../signals/input.js';
import type { Db } from '../store/db.js';
import { experimentPlan, experimentTrainPoints } from '../store/trainlog.js';
import { importPlanTrainLogs } from '../trainlog/import.js';
import type { Workspace } from '../workspace.js';
import { decide } from './decide.js';
import { Verdict } from './schema.js';

export interface VerdictOptions extends Partial<SignalOptions> {
  /**
   * Receives warnings that do not stop the verdict (a training log that stops before its checkpoint,
   * or one that cannot be read). Without it, an unreadable training log is an InputError.
   */
  onWarning?: (problem: InputProblem) => void;
  now?: Date;
}

/**
 * Gathers what the signals read, from the store: metrics (computeExperimentMetrics), the contract
 * from the plan as last run, and training logs — importing the plan's `train_log` files first when
 * they are not in the store yet or changed since.
 */
export function loadSignalInput(
  db: Db, ws: Workspace, experiment: string, options: VerdictOptions = {}, metricsOptions: ComputeOptions = {},
): SignalInput {
  const stored = experimentPlan(db, experiment);
  if (!stored) throw new InputError(`no experiment named ${experiment} in ${ws.storePath}; run its plan first (stoppoint run PLAN)`);
  const contract = contractOf(stored.planJson, experiment);
  // With a warning handler (the CLI), a log that cannot be read does not block the verdict: it is
  // reported, and the loss-risk signal sees that run without a training log. Without one it throws.
  for (const imported of importPlanTrainLogs(db, ws, experiment, options.now, options.onWarning)) {
    for (const w of imported.warnings) options.onWarning?.({ ...w, message: `train_log of ${imported.candidate}: ${w.message}` });
  }
  const metrics = computeExperimentMetrics(db, experiment, metricsOptions);
  return {
    metrics,
    contract,
    trainLogs: experimentTrainPoints(db, experiment),
    options: {
      alpha: options.alpha ?? DEFAULT_SIGNAL_OPTIONS.alpha,
      seed: options.seed ?? DEFAULT_SIGNAL_OPTIONS.seed,
      ...(options.iterations !== undefined ? { iterations: options.iterations } : {}),
    },
  };
}

/** `stoppoint verdict`: the six signals, the contract and the decision, validated against the contract schema. */
export function computeVerdict(db: Db, ws: Workspace, experiment: string, options: VerdictOptions = {}): Verdict {
  // No signal reads the judge agreement or the resolution table (the report does, and asks for them).
  return verdictOf(loadSignalInput(db, ws, experiment, options, VERDICT_METRICS));
}

const VERDICT_METRICS: ComputeOptions = { agreement: false, resolution: false };

/** The verdict of an input already gathered (tests, `watch`). */
export function verdictOf(input: SignalInput): Verdict {
  const verdict = decide(input, runSignals(input));
  // The JSON is a contract for users' scripts: never print one that does not match it.
  return Verdict.parse(verdict);
}

function contractOf(planJson: string, experiment: string): Contract {
  let plan: unknown;
  try {
    plan = JSON.parse(planJson);
  } catch {
    throw new InputError(`the stored plan of ${experiment} is not valid JSON; run its plan again`);
  }
  const raw = plan && typeof plan === 'object' ? (plan as { contract?: unknown }).contract : undefined;
  const parsed = Contract.safeParse(raw ?? {});
  if (!parsed.success) {
    throw new InputError(`the stored contract of ${experiment} is invalid (${parsed.error.issues.map((i) => i.message).join('; ')}); run its plan again`);
  }
  return parsed.data;
}
