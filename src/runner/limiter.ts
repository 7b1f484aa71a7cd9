import { sleep } from './retry.js';

/** Spaces request starts at least 1/rps apart (per endpoint). */
export interface RateGate {
  wait(signal: AbortSignal): Promise<void>;
}

export const unlimited: RateGate = { wait: () => Promise.resolve() };

/**
 * A start-spacing limiter: each caller reserves the next free slot, so the long-run rate never
 * exceeds `rps` and no burst is allowed (endpoints that rate-limit rarely tolerate bursts).
 */
export function createRateGate(rps: number, now: () => number = () => performance.now()): RateGate {
  const interval = 1000 / rps;
  let next = 0;
  return {
    wait(signal) {
      const t = now();
      const slot = Math.max(t, next);
      next = slot + interval;
      return sleep(slot - t, signal);
    },
  };
}

/**
 * Runs `work` on items pulled one at a time from `next`, with at most `concurrency` in flight.
 * Pulling is synchronous, so the source (a generator reading the store) is never entered twice.
 * Stops pulling when `stopped()` turns true; resolves when every started item has finished.
 * The first error thrown by `work` stops the pool and is rethrown after in-flight items end.
 */
export async function runPool<T>(
  concurrency: number,
  next: () => T | undefined,
  work: (item: T) => Promise<void>,
  stopped: () => boolean,
): Promise<void> {
  let failure: { err: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (!failure && !stopped()) {
      const item = next();
      if (item === undefined) return;
      try {
        await work(item);
      } catch (err) {
        failure ??= { err };
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  if (failure) throw failure.err;
}
