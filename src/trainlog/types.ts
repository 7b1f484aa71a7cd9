import type { InputProblem } from '../errors.js';

/** Training-log shapes shared by the parsers, the store and the signals. */

export type TrainLogFormat = 'hf-trainer-state' | 'llamafactory-jsonl' | 'csv';
export const TRAIN_LOG_FORMATS: readonly TrainLogFormat[] = ['hf-trainer-state', 'llamafactory-jsonl', 'csv'];

/**
 * One logged value at one optimiser step, long format (as stored in `train_metrics`).
 * name: loss | eval_loss | eval_<set>_loss | grad_norm | learning_rate
 */
export interface TrainPoint {
  name: string;
  step: number;
  value: number;
}

/** Series names kept from a log: step losses, evaluation losses, gradient norm, learning rate. */
export function isKeptSeries(name: string): boolean {
  return name === 'loss' || name === 'grad_norm' || name === 'learning_rate' || /^eval_(.+_)?loss$/.test(name);
}

export interface ParsedTrainLog {
  file: string;
  format: TrainLogFormat;
  /** Sorted by step, then name; one value per (name, step). */
  points: TrainPoint[];
  /** Highest step the log reaches (any entry, including a final summary), or null for an empty log. */
  lastStep: number | null;
  /** Recoverable oddities (non-finite values skipped, repeated steps), each with file:line. */
  warnings: InputProblem[];
}

/** The points of one series, ordered by step. */
export function series(points: readonly TrainPoint[], name: string): TrainPoint[] {
  return points.filter((p) => p.name === name).sort((a, b) => a.step - b.step);
}
