import { FaultError } from '../errors.js';
import type { Classified } from './retry.js';

/**
 * Stops a run whose endpoint cannot be reached at all. Single connection failures are retried
 * and, when they persist, recorded per probe; but when `limit` probe-samples in a row have each
 * used every attempt on connection errors with no success in between, the server is down, not
 * flaky: going on would only record the same error for every probe, slowly.
 */
export class ConnectionBreaker {
  private streak = 0;

  constructor(
    private readonly baseUrl: string,
    private readonly limit: number,
  ) {}

  success(): void {
    this.streak = 0;
  }

  /** Records a probe-sample whose attempts all failed; throws FaultError once the limit is reached. */
  failure(c: Classified, attempts: number): void {
    if (c.errorClass !== 'connection') {
      this.streak = 0;
      return;
    }
    if (++this.streak >= this.limit) {
      throw new FaultError(
        `cannot reach ${this.baseUrl}: ${this.streak} probe-samples in a row failed to connect (${attempts} attempts each; last: ${c.message}). ` +
          'Is the server running? What arrived is stored; run again to resume.',
      );
    }
  }
}
