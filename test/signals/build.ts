import { METRICS, type MetricName } from '../../src/metrics/registry.js';
import type { CandidateSummary, ExperimentMetrics, MetricEstimate } from '../../src/metrics/types.js';
import { Contract } from '../../src/plan/schema.js';
import { DEFAULT_SIGNAL_OPTIONS, type SignalInput } from '../../src/signals/input.js';
import { wilson } from '../../src/stats/wilson.js';
import type { TrainPoint } from '../../src/trainlog/types.js';

/**
 * Constructed metrics for signal tests. Units are probes u00..u(n−1); `passes(n, k, shift)` passes
 * unit i when (i + shift) mod n < k, so two candidates with the same shift differ only one way
 * (k2 − k1 discordant pairs, all in one direction) and a shift adds discordance both ways.
 */
export type Units = Record<string, number>;

export function passes(n: number, k: number, shift = 0): Units {
  const out: Units = {};
  for (let i = 0; i < n; i++) out[`u${String(i).padStart(3, '0')}`] = (i + shift) % n < k ? 1 : 0;
  return out;
}

/** Units with `flipped` of them at 0.5 (repeats disagreed), the rest as in passes(n, k). */
export function withFlips(n: number, k: number, flipped: number): Units {
  const out = passes(n, k);
  const keys = Object.keys(out);
  for (let i = 0; i < flipped; i++) out[keys[n - 1 - i]!] = 0.5;
  return out;
}

export interface CandidateSpec {
  name: string;
  baseline?: boolean;
  params?: Record<string, string | number | boolean>;
  run?: string;
  step?: number;
  intent?: CandidateSummary['intent'];
  metrics: Partial<Record<MetricName, Units>>;
  coverage?: Partial<CandidateSummary['coverage']>;
  slices?: CandidateSummary['slices'];
}

export function estimate(metric: MetricName, units: Units): MetricEstimate {
  const values = Object.values(units);
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const passed = Math.round(mean * n);
  const flipped = values.filter((v) => v > 0 && v < 1).length;
  return {
    metric,
    value: mean,
    n,
    clusters: n,
    coverage: 1,
    ci: METRICS[metric].scale === 'rate' ? wilson(passed, n) : [mean - 0.1, mean + 0.1],
    method: 'wilson',
    pass_all_k: null,
    flip_rate: flipped / n,
  };
}

export function experiment(specs: readonly CandidateSpec[], name = 'test'): ExperimentMetrics {
  const units: ExperimentMetrics['units'] = {};
  const candidates: CandidateSummary[] = specs.map((s, ordinal) => {
    const params = s.params ?? {};
    const rest = Object.entries(params).filter(([k]) => k !== 'seed').sort(([a], [b]) => (a < b ? -1 : 1));
    const metrics: CandidateSummary['metrics'] = {};
    for (const [m, u] of Object.entries(s.metrics) as [MetricName, Units][]) {
      metrics[m] = estimate(m, u);
      (units[m] ??= {})[s.name] = u;
    }
    return {
      name: s.name,
      ordinal,
      model: `m-${s.name}`,
      configKey: rest.length ? rest.map(([k, v]) => `${k}=${String(v)}`).join(',') : s.baseline ? `baseline:${s.name}` : `model:m-${s.name}`,
      params,
      seed: params.seed ?? null,
      run: s.run ?? null,
      step: s.step ?? null,
      baseline: s.baseline ?? false,
      intent: s.intent ?? null,
      coverage: { expected: 120, replied: 120, errors: 0, complete: true, subset: null, setVersions: ['core@1a2b3c4d'], ...s.coverage },
      metrics,
      slices: s.slices ?? {},
    };
  });
  return { experiment: name, candidates, units };
}

export function input(
  metrics: ExperimentMetrics,
  contract: Partial<Contract> = {},
  trainLogs: Record<string, TrainPoint[]> = {},
): SignalInput {
  return { metrics, contract: Contract.parse(contract), trainLogs, options: { ...DEFAULT_SIGNAL_OPTIONS, iterations: 2000 } };
}

/** A falling loss curve with a deterministic wiggle, logged every 10 steps up to `to`. */
export function fallingLoss(to: number, from = 2.0, perStep = 0.002): TrainPoint[] {
  const out: TrainPoint[] = [];
  for (let step = 10; step <= to; step += 10) out.push({ name: 'loss', step, value: from - perStep * step + 0.05 * Math.sin(step / 7) });
  return out;
}
