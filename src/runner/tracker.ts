import type { CandidateProgress, RunnerListener } from './events.js';

/** Progress of one candidate in this invocation; emits throttled progress events. */
export class CandidateTracker {
  private sent = 0;
  private retries = 0;
  private errors = 0;
  private inflight = 0;
  private exhausted = false;
  private ended = false;
  private startedAt: number | null = null;
  private lastEmit = 0;

  constructor(
    readonly name: string,
    readonly total: number,
    readonly alreadyDone: number,
    private readonly listener: RunnerListener,
    private readonly clock: () => number,
    private readonly emitEveryMs = 100,
  ) {}

  start(toSend: number): void {
    this.startedAt = this.clock();
    this.listener({ type: 'candidate-start', candidate: this.name, total: this.total, alreadyDone: this.alreadyDone, toSend });
  }

  get started(): boolean {
    return this.startedAt !== null;
  }

  begin(): void {
    this.inflight++;
  }

  retried(): void {
    this.retries++;
  }

  /** A probe-sample finished: stored (ok or error) or dropped (stopped mid-flight). */
  finish(outcome: 'reply' | 'error' | 'dropped'): void {
    this.inflight--;
    if (outcome !== 'dropped') this.sent++;
    if (outcome === 'error') this.errors++;
    const now = this.clock();
    if (now - this.lastEmit >= this.emitEveryMs) {
      this.lastEmit = now;
      this.listener({ type: 'progress', ...this.snapshot() });
    }
    this.maybeEnd();
  }

  /** The work stream yielded this candidate's last item. */
  leave(): void {
    this.exhausted = true;
    this.maybeEnd();
  }

  /** Ends the candidate even if it was cut short (stop, budget, fatal error). */
  forceEnd(): void {
    if (this.started && !this.ended) {
      this.ended = true;
      this.listener({ type: 'candidate-end', ...this.snapshot() });
    }
  }

  get stats(): { sent: number; retries: number; errors: number } {
    return { sent: this.sent, retries: this.retries, errors: this.errors };
  }

  private maybeEnd(): void {
    if (this.exhausted && this.inflight === 0) this.forceEnd();
  }

  snapshot(): CandidateProgress {
    const elapsed = this.startedAt === null ? 0 : (this.clock() - this.startedAt) / 1000;
    const rate = elapsed > 0 ? this.sent / elapsed : 0;
    const done = this.alreadyDone + this.sent;
    const left = Math.max(0, this.total - done);
    return {
      candidate: this.name,
      done,
      total: this.total,
      rate,
      eta: rate > 0 ? left / rate : null,
      retries: this.retries,
      errors: this.errors,
    };
  }
}
