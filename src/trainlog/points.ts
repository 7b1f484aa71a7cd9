import type { InputProblem, SourceLocation } from '../errors.js';
import { isKeptSeries, type TrainPoint } from './types.js';

/**
 * Collects points from a log in file order. A later value for the same (series, step) replaces the
 * earlier one, as happens when training resumes from a checkpoint and re-logs steps; each
 * replacement and each non-finite value is a warning, never silently dropped.
 */
export class PointCollector {
  private readonly byKey = new Map<string, TrainPoint>();
  private readonly repeated: SourceLocation[] = [];
  readonly warnings: InputProblem[] = [];
  private maxStep: number | null = null;

  /** Records that the log reached `step`, whether or not the entry carries a kept value (summary lines). */
  reached(step: number): void {
    if (this.maxStep === null || step > this.maxStep) this.maxStep = step;
  }

  add(name: string, step: number, value: unknown, at: SourceLocation): void {
    this.reached(step);
    if (!isKeptSeries(name) || value === null || value === undefined) return;
    if (typeof value !== 'number') {
      this.warnings.push({ location: at, message: `${name} at step ${step} is not a number (${JSON.stringify(value)}); skipped` });
      return;
    }
    if (!Number.isFinite(value)) {
      this.warnings.push({ location: at, message: `${name} at step ${step} is ${value}; skipped (training may have diverged here)` });
      return;
    }
    const key = `${name}\u0000${step}`;
    if (this.byKey.has(key)) this.repeated.push(at);
    this.byKey.set(key, { name, step, value });
  }

  finish(): { points: TrainPoint[]; lastStep: number | null; warnings: InputProblem[] } {
    const warnings = [...this.warnings];
    const first = this.repeated[0];
    if (first) {
      warnings.push({
        location: first,
        message: `${this.repeated.length} value(s) logged again for a step already seen (resumed training?); the later value was kept`,
      });
    }
    const points = [...this.byKey.values()].sort((a, b) => a.step - b.step || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return { points, lastStep: this.maxStep, warnings };
  }
}
