import type { LoadedProbeSet } from '../probes/load.js';
import type { FaultConfigInput, Scenario } from './scenario.js';

/** The part of a loaded probe set the simulator reads. */
export type SimProbeSet = Pick<LoadedProbeSet, 'records'>;

export interface JudgeMessage {
  role: string;
  content: string;
}

/**
 * The simulated LLM judge: given the judge conversation, the reply text. src/sim/judge.ts exports
 * `simulateJudge` with this shape; the server only calls it when a judge model is requested.
 */
export type JudgeFn = (messages: JudgeMessage[]) => string | Promise<string>;

export interface SimServerOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Loopback only: the simulator is a test and demo fixture, never a public service. */
  host?: '127.0.0.1';
  scenario: Scenario;
  probeSets: readonly SimProbeSet[];
  /** Answers requests to judge models; without it they get a 500 that says so. */
  judge?: JudgeFn;
  /** Replaces the scenario's `faults:` block (command-line flags). */
  faults?: FaultConfigInput;
  /** Unix seconds for `created`; injected so tests can pin it. */
  now?: () => number;
}

export interface SimStats {
  requests: number;
  /** HTTP status → count; sockets reset by the simulator count under `reset`, requests left hanging under `hang`. */
  byStatus: Record<string, number>;
}

export interface SimServer {
  /** Base URL for an OpenAI client, e.g. http://127.0.0.1:8787/v1 */
  url: string;
  port: number;
  /** Served model names: checkpoints first, then judges. */
  models: string[];
  /** Problems with the scenario against the loaded probes (trait ids not found, answers not derivable). */
  warnings: string[];
  stats(): SimStats;
  /** Stops listening and ends every connection, including hanging requests. */
  close(): Promise<void>;
}
