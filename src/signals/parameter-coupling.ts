import type { MetricName } from '../metrics/registry.js';
import type { CandidateSummary } from '../metrics/types.js';
import { paretoFront } from '../stats/pareto.js';
import { kendallTauB } from '../stats/rank.js';
import { betterDirection, changeEvidence, compareUnits, meanUnits, pointChange, r4, type Change } from './compare.js';
import { decisionMetrics, iterationsOf, type SignalInput } from './input.js';
import { describeChange } from './text.js';
import type { Signal } from './types.js';

/** A configuration: its replicates pooled (values averaged, unit scores averaged per unit). */
interface Config {
  key: string;
  label: string;
  members: string[];
  params: Record<string, string | number | boolean>;
}

/** Bounds the paired tests on large sweeps: 2×2 squares examined for interactions. */
const MAX_SQUARES = 24;

/**
 * Signal 6, "tune one knob, another breaks". Over configurations (replicates pooled):
 * - rank reversals: Kendall tau-b between the configurations' rankings on each pair of decision
 *   metrics (evidence), and — deciding — two configurations on the Pareto front where one is
 *   significantly better on metric A and the other significantly better on metric B (paired tests
 *   on replicate-averaged unit scores): no configuration dominates, there is only a trade-off (warn);
 * - interaction: for two parameters seen in a 2×2 (all else equal), the effect of one parameter is a
 *   significant gain at one value of the other and a significant loss at the other value (stop).
 */
export function parameterCoupling(input: SignalInput): Signal {
  const configs = configurations(input);
  const metrics = decisionMetrics(input.metrics).filter((m) => configs.every((c) => value(input, c, m) !== null));
  const evidenceBase = { configurations: configs.map((c) => ({ configuration: c.label, candidates: c.members })), metrics };
  if (configs.length < 2 || metrics.length === 0) {
    return { id: 'parameter-coupling', fired: false, severity: 'info', summary: 'Fewer than two configurations to compare.', evidence: { ...evidenceBase, kendall_tau: [], pareto_front: [], reversals: [], interactions: [] } };
  }
  const oriented = (c: Config, m: MetricName): number => (betterDirection(m) === 'higher' ? 1 : -1) * value(input, c, m)!;
  const taus: Record<string, unknown>[] = [];
  for (let i = 0; i < metrics.length; i++) {
    for (let j = i + 1; j < metrics.length; j++) {
      const t = kendallTauB(configs.map((c) => oriented(c, metrics[i]!)), configs.map((c) => oriented(c, metrics[j]!)));
      taus.push({ metrics: [metrics[i], metrics[j]], tau: r4(t.tau), concordant: t.concordant, discordant: t.discordant });
    }
  }
  const front = paretoFront(configs.map((c) => ({ id: c.key, values: metrics.map((m) => oriented(c, m)) })), metrics.map(() => 'higher' as const));
  const onFront = configs.filter((c) => front.includes(c.key));
  const reversals = findReversals(input, onFront, metrics);
  const interactions = findInteractions(input, configs, metrics);
  const evidence = {
    ...evidenceBase,
    kendall_tau: taus,
    pareto_front: onFront.map((c) => c.label),
    reversals: reversals.map(([x, y]) => ({ better_on: changeEvidence(x), worse_on: changeEvidence(y) })),
    interactions,
  };
  if (interactions.length) {
    return { id: 'parameter-coupling', fired: true, severity: 'stop', summary: `${String(interactions[0]!.sentence)}.`, evidence };
  }
  if (reversals.length) {
    const [gain, loss] = reversals[0]!;
    return {
      id: 'parameter-coupling',
      fired: true,
      severity: 'warn',
      summary:
        `No configuration dominates (${onFront.length} on the Pareto front): ${gain.b} beats ${gain.a} on ${describeChange(gain)} ` +
        `but loses on ${describeChange(loss)}.`,
      evidence,
    };
  }
  return {
    id: 'parameter-coupling',
    fired: false,
    severity: 'info',
    summary: `No significant rank reversal between configurations and no parameter whose effect flips sign.`,
    evidence,
  };
}

/**
 * Configurations of the sweep: candidates grouped by params without seed. A training run's
 * checkpoints are one configuration at different lengths of training, not several: the run is
 * represented by its last checkpoint (its earlier ones are the loss-risk signal's business).
 */
function configurations(input: SignalInput): Config[] {
  const lastOfRun = new Map<string, CandidateSummary>();
  for (const c of iterationsOf(input.metrics)) {
    if (c.run === null || c.step === null) continue;
    const seen = lastOfRun.get(c.run);
    if (!seen || c.step > seen.step!) lastOfRun.set(c.run, c);
  }
  const byKey = new Map<string, CandidateSummary[]>();
  for (const c of iterationsOf(input.metrics)) {
    if (c.run !== null && c.step !== null && lastOfRun.get(c.run) !== c) continue;
    const key = c.configKey;
    byKey.set(key, [...(byKey.get(key) ?? []), c]);
  }
  return [...byKey].map(([key, members]) => ({
    key,
    label: members.length === 1 ? members[0]!.name : `${key} (${members.length} seeds)`,
    members: members.map((m) => m.name),
    params: { ...members[0]!.params },
  }));
}

function value(input: SignalInput, c: Config, m: MetricName): number | null {
  const vs = c.members.map((name) => input.metrics.candidates.find((x) => x.name === name)?.metrics[m]?.value).filter((v): v is number => typeof v === 'number');
  return vs.length === c.members.length && vs.length ? vs.reduce((a, b) => a + b, 0) / vs.length : null;
}

// Replicate-averaged units are built once per (configuration, metric); paired tests once per pair.
const unitCache = new WeakMap<SignalInput, Map<string, Record<string, number> | undefined>>();
const changeCache = new WeakMap<SignalInput, Map<string, Change>>();

function configUnits(input: SignalInput, m: MetricName, c: Config): Record<string, number> | undefined {
  let memo = unitCache.get(input);
  if (!memo) unitCache.set(input, (memo = new Map()));
  const key = `${m}\u0000${c.key}`;
  if (!memo.has(key)) memo.set(key, meanUnits(input, m, c.members));
  return memo.get(key);
}

/** Point difference b − a of two configurations (untested). */
function pointOf(input: SignalInput, m: MetricName, a: Config, b: Config): Change {
  return pointChange(m, { a: a.label, b: b.label }, configUnits(input, m, a), configUnits(input, m, b));
}

function compareConfigs(input: SignalInput, m: MetricName, a: Config, b: Config): Change {
  let memo = changeCache.get(input);
  if (!memo) changeCache.set(input, (memo = new Map()));
  const key = `${m}\u0000${a.key}\u0000${b.key}`;
  let c = memo.get(key);
  if (!c) memo.set(key, (c = compareUnits(input, m, { a: a.label, b: b.label }, configUnits(input, m, a), configUnits(input, m, b))));
  return c;
}

/** Reversals reported, and configuration pairs tested at most, on the Pareto front. */
const MAX_REVERSALS = 3;
const MAX_PAIRS_TESTED = 12;

/**
 * Pairs (gain of y over x on A, loss of y against x on B), both significant. Pairs are tested in the
 * order of their point-estimate reversal (the smaller of the largest gain and the largest loss), so
 * the pairs most likely to be real trade-offs come first; the search stops after MAX_REVERSALS found
 * or MAX_PAIRS_TESTED pairs, which bounds the paired tests on large sweeps.
 */
function findReversals(input: SignalInput, configs: readonly Config[], metrics: readonly MetricName[]): [Change, Change][] {
  const candidates: { x: Config; y: Config; ups: Change[]; downs: Change[]; strength: number }[] = [];
  for (let i = 0; i < configs.length; i++) {
    for (let j = i + 1; j < configs.length; j++) {
      const x = configs[i]!;
      const y = configs[j]!;
      const points = metrics.map((m) => pointOf(input, m, x, y)).filter((p) => p.gain !== null && p.gain !== 0);
      const ups = points.filter((p) => p.gain! > 0).sort((a, b) => b.gain! - a.gain!);
      const downs = points.filter((p) => p.gain! < 0).sort((a, b) => a.gain! - b.gain!);
      if (ups.length && downs.length) candidates.push({ x, y, ups, downs, strength: Math.min(ups[0]!.gain!, -downs[0]!.gain!) });
    }
  }
  candidates.sort((a, b) => b.strength - a.strength);
  const out: [Change, Change][] = [];
  for (const { x, y, ups, downs } of candidates.slice(0, MAX_PAIRS_TESTED)) {
    const find = (list: Change[], want: 'gain' | 'loss'): Change | undefined =>
      list.map((p) => compareConfigs(input, p.metric, x, y)).find((c) => c.movement === want);
    const gain = find(ups, 'gain');
    const loss = gain ? find(downs, 'loss') : undefined;
    if (gain && loss) out.push([gain, loss]);
    if (out.length >= MAX_REVERSALS) break;
  }
  return out;
}

/** 2×2 squares (p ∈ {p1,p2}) × (q ∈ {q1,q2}) with everything else equal, where p's effect flips sign with q. */
function findInteractions(input: SignalInput, configs: readonly Config[], metrics: readonly MetricName[]): Record<string, unknown>[] {
  const names = [...new Set(configs.flatMap((c) => Object.keys(c.params)))].filter((k) => k !== 'seed').sort();
  const out: Record<string, unknown>[] = [];
  let squares = 0;
  for (const p of names) {
    for (const q of names) {
      if (p === q) continue;
      for (const sq of squaresOf(configs, p, q)) {
        if (squares++ >= MAX_SQUARES) return out;
        for (const m of metrics) {
          // Opposite point signs first: a sign flip cannot be significant otherwise.
          const p1 = pointOf(input, m, sq.p1q1, sq.p2q1).gain;
          const p2 = pointOf(input, m, sq.p1q2, sq.p2q2).gain;
          if (p1 === null || p2 === null || Math.sign(p1) * Math.sign(p2) >= 0) continue;
          const d1 = compareConfigs(input, m, sq.p1q1, sq.p2q1);
          if (d1.movement !== 'gain' && d1.movement !== 'loss') continue;
          const d2 = compareConfigs(input, m, sq.p1q2, sq.p2q2);
          const flips = (d1.movement === 'gain' && d2.movement === 'loss') || (d1.movement === 'loss' && d2.movement === 'gain');
          if (!flips) continue;
          out.push({
            parameter: p,
            moderator: q,
            metric: m,
            effect_at: [
              { [q]: sq.q1, change: changeEvidence(d1) },
              { [q]: sq.q2, change: changeEvidence(d2) },
            ],
            sentence:
              `The effect of ${p} ${String(sq.p1)} → ${String(sq.p2)} on ${m} flips sign with ${q}: ` +
              `${describeChange(d1).replace(`${m} `, '')} at ${q}=${String(sq.q1)}, ${describeChange(d2).replace(`${m} `, '')} at ${q}=${String(sq.q2)}`,
          });
        }
      }
    }
  }
  return out;
}

interface Square {
  p1: string | number | boolean;
  p2: string | number | boolean;
  q1: string | number | boolean;
  q2: string | number | boolean;
  p1q1: Config;
  p2q1: Config;
  p1q2: Config;
  p2q2: Config;
}

function squaresOf(configs: readonly Config[], p: string, q: string): Square[] {
  // Configurations that differ only in p and q share a "rest" key.
  const cells = new Map<string, Map<string, Config>>();
  for (const c of configs) {
    if (!(p in c.params) || !(q in c.params)) continue;
    const rest = Object.entries(c.params).filter(([k]) => k !== p && k !== q).sort(([a], [b]) => (a < b ? -1 : 1));
    const restKey = JSON.stringify(rest);
    const cell = cells.get(restKey) ?? new Map<string, Config>();
    cell.set(JSON.stringify([c.params[p], c.params[q]]), c);
    cells.set(restKey, cell);
  }
  const out: Square[] = [];
  for (const cell of cells.values()) {
    const coords = [...cell.keys()].map((k) => JSON.parse(k) as [string | number | boolean, string | number | boolean]);
    const ps = [...new Set(coords.map(([a]) => JSON.stringify(a)))].map((s) => JSON.parse(s) as string | number | boolean);
    const qs = [...new Set(coords.map(([, b]) => JSON.stringify(b)))].map((s) => JSON.parse(s) as string | number | boolean);
    for (let i = 0; i < ps.length; i++) {
      for (let j = i + 1; j < ps.length; j++) {
        for (let k = 0; k < qs.length; k++) {
          for (let l = k + 1; l < qs.length; l++) {
            const at = (a: unknown, b: unknown): Config | undefined => cell.get(JSON.stringify([a, b]));
            const [p1, p2, q1, q2] = [ps[i]!, ps[j]!, qs[k]!, qs[l]!];
            const p1q1 = at(p1, q1), p2q1 = at(p2, q1), p1q2 = at(p1, q2), p2q2 = at(p2, q2);
            if (p1q1 && p2q1 && p1q2 && p2q2) out.push({ p1, p2, q1, q2, p1q1, p2q1, p1q2, p2q2 });
          }
        }
      }
    }
  }
  return out;
}
