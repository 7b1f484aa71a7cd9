/**
 * What the runner tells the outside world while it works. The runner never prints: a progress
 * display (or a test) listens to these events.
 */

export interface CandidateProgress {
  candidate: string;
  /** Replies and recorded errors for this candidate, including those stored by earlier runs. */
  done: number;
  /** Probes x samples this candidate must cover (of the selected subset, if any). */
  total: number;
  /** Replies per second in this run so far. */
  rate: number;
  /** Seconds left at the current rate; null before the first reply. */
  eta: number | null;
  /** Retried attempts in this run. */
  retries: number;
  /** Probe-samples whose attempts all failed, in this run. */
  errors: number;
}

export type RunnerEvent =
  | { type: 'candidate-start'; candidate: string; total: number; alreadyDone: number; toSend: number }
  | ({ type: 'progress' } & CandidateProgress)
  | ({ type: 'candidate-end' } & CandidateProgress)
  | { type: 'run-end'; status: RunOutcome; elapsedMs: number; requests: number }
  | { type: 'stopping'; reason: 'interrupt' | 'budget'; detail: string };

/** How a whole `run` ended. */
export type RunOutcome = 'complete' | 'partial' | 'interrupted' | 'budget';

export type RunnerListener = (event: RunnerEvent) => void;

export const ignoreEvents: RunnerListener = () => {};
