import { combine, hashString, unit, Salt } from './hash.js';
import type { FaultConfig } from './scenario.js';

/** What the simulator does instead of answering normally. */
export type FaultKind = 'fail_probe' | 'hang' | 'reset' | 'rate_limit' | 'server_error' | 'malformed' | 'wrong_shape';

/** Probabilistic faults, in the order they are tried; the first that fires wins. */
const ORDER = ['hang', 'reset', 'rate_limit', 'server_error', 'malformed', 'wrong_shape'] as const;
const SALTS: Record<(typeof ORDER)[number], number> = {
  hang: hashString('hang'),
  reset: hashString('reset'),
  rate_limit: hashString('rate_limit'),
  server_error: hashString('server_error'),
  malformed: hashString('malformed'),
  wrong_shape: hashString('wrong_shape'),
};

export interface Faults {
  /** Whether any fault can fire (lets the server skip counting attempts when none can). */
  active: boolean;
  /**
   * The fault for one attempt of one request. `requestHash` identifies the request (model,
   * conversation, sample); `attempt` counts how often the simulator has seen it (1 = first), so a
   * retry draws afresh and usually gets through, while the same sequence of attempts always sees
   * the same faults. Probes in `fail_probes` fail every attempt.
   */
  choose(requestHash: number, attempt: number, probeId: string | undefined): FaultKind | undefined;
  /** Delay before answering: the fixed latency plus deterministic jitter. */
  latency(requestHash: number, attempt: number): number;
}

export function makeFaults(cfg: FaultConfig): Faults {
  const failing = new Set(cfg.fail_probes);
  const kinds = ORDER.filter((k) => cfg[k] > 0);
  return {
    active: failing.size > 0 || kinds.length > 0,
    choose(requestHash, attempt, probeId) {
      if (probeId !== undefined && failing.has(probeId)) return 'fail_probe';
      for (const kind of kinds) {
        if (unit(combine(requestHash, attempt, SALTS[kind], Salt.fault)) < cfg[kind]) return kind;
      }
      return undefined;
    },
    latency(requestHash, attempt) {
      if (cfg.latency_jitter_ms <= 0) return cfg.latency_ms;
      return cfg.latency_ms + unit(combine(requestHash, attempt, Salt.latency)) * cfg.latency_jitter_ms;
    },
  };
}
