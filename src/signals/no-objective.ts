import { METRICS } from '../metrics/registry.js';
import type { CandidateSummary } from '../metrics/types.js';
import { changeEvidence, compareCandidates, type Change } from './compare.js';
import { inPlanOrder, iterationsOf, replicateKey, type SignalInput } from './input.js';
import { describeChange } from './text.js';
import type { Signal } from './types.js';

type Status = 'moved' | 'noise' | 'wrong-way' | 'unmeasured' | 'no-intent' | 'no-metric';

interface Reading {
  candidate: string;
  status: Status;
  reference: string | null;
  change: Change | null;
}

/**
 * Signal 1, "can't say what this run is meant to fix". Over the last `patience` iterations:
 * - an iteration with no intent, or an intent that names no metric, fires it (warn): nobody can
 *   check what it was for;
 * - when every one of those iterations (a full window) failed to move its intended metric beyond
 *   noise — or moved it the wrong way — it fires with severity stop.
 * An iteration is compared with the candidate it was changed from: the nearest earlier candidate of
 * another configuration (so a second seed is compared with what came before its configuration).
 */
export function noObjective(input: SignalInput): Signal {
  const window = iterationsOf(input.metrics).slice(-input.contract.patience);
  const readings = window.map((c) => read(input, c));
  const vague = readings.filter((r) => r.status === 'no-intent' || r.status === 'no-metric');
  const checked = readings.filter((r) => r.change !== null);
  const moved = readings.filter((r) => r.status === 'moved');
  const fullWindow = window.length >= input.contract.patience;
  const aimless = fullWindow && moved.length === 0;

  const evidence = {
    patience: input.contract.patience,
    iterations: readings.map((r) => ({
      candidate: r.candidate,
      status: r.status,
      reference: r.reference,
      ...(r.change ? { intent_metric: r.change.metric, change: changeEvidence(r.change) } : {}),
    })),
    without_intent: vague.map((r) => r.candidate),
    moved: moved.map((r) => r.candidate),
  };
  if (window.length === 0) {
    return { id: 'no-objective', fired: false, severity: 'info', summary: 'no iteration after the baseline yet', evidence };
  }
  if (aimless) {
    const shown = checked.slice(-2).map((r) => `${r.candidate}: ${describeChange(r.change!)}`).join('; ');
    return {
      id: 'no-objective',
      fired: true,
      severity: 'stop',
      summary:
        `None of the last ${window.length} iterations moved the metric it was meant to fix beyond noise` +
        (vague.length ? ` (${vague.length} had no metric to check)` : '') +
        (shown ? `: ${shown}` : '.'),
      evidence,
    };
  }
  if (vague.length) {
    return {
      id: 'no-objective',
      fired: true,
      severity: 'warn',
      summary: `${vague.map((r) => r.candidate).join(', ')} ${vague.length === 1 ? 'has' : 'have'} no intent naming a metric: nobody can check what ${vague.length === 1 ? 'it was' : 'they were'} meant to fix.`,
      evidence,
    };
  }
  return {
    id: 'no-objective',
    fired: false,
    severity: 'info',
    summary: `${moved.length} of the last ${window.length} iterations moved their intended metric beyond noise.`,
    evidence,
  };
}

function read(input: SignalInput, c: CandidateSummary): Reading {
  const ref = referenceOf(input, c);
  const base = { candidate: c.name, reference: ref?.name ?? null };
  if (!c.intent || (c.intent.metric === undefined && c.intent.direction === undefined && !c.intent.note)) {
    return { ...base, status: 'no-intent', change: null };
  }
  const metric = c.intent.metric;
  if (metric === undefined) return { ...base, status: 'no-metric', change: null };
  const direction = c.intent.direction ?? (METRICS[metric].direction === 'lower' ? 'decrease' : METRICS[metric].direction === 'higher' ? 'increase' : undefined);
  if (direction === undefined || !ref) return { ...base, status: 'no-metric', change: null };
  const change = compareCandidates(input, metric, ref.name, c.name, direction === 'increase' ? 'higher' : 'lower');
  const status: Status =
    change.movement === 'gain' ? 'moved' : change.movement === 'loss' ? 'wrong-way' : change.movement === 'unmeasured' ? 'unmeasured' : 'noise';
  return { ...base, status, change };
}

/** The nearest earlier candidate of another configuration (replicates of c's own are skipped). */
function referenceOf(input: SignalInput, c: CandidateSummary): CandidateSummary | undefined {
  const key = replicateKey(c);
  return inPlanOrder(input.metrics)
    .filter((o) => o.ordinal < c.ordinal && replicateKey(o) !== key)
    .at(-1);
}
