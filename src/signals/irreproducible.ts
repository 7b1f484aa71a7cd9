import type { MetricName } from '../metrics/registry.js';
import type { CandidateSummary } from '../metrics/types.js';
import { studentCritical } from '../stats/tails.js';
import { oneWayAnova, type OneWayAnova } from '../stats/variance.js';
import { changeEvidence, compareFor, pointChange, r4, type Change } from './compare.js';
import { decisionMetrics, inPlanOrder, iterationsOf, replicateKey, targetMetrics, type SignalInput } from './input.js';
import { describeChange, num, signed } from './text.js';
import type { Signal } from './types.js';

/**
 * Signal 2, "it was probably the seed". Fires (severity stop) on any of:
 * A. seed spread ≈ configuration spread: for a targeted metric, a one-way ANOVA of candidate values
 *    grouped by configuration (replicates = same params but seed) does not separate the
 *    configurations (F test p ≥ alpha), although some step between two configurations is a
 *    significant gain or loss by the paired probe test — that step is within what re-seeding does;
 * B. an iteration's significant gain (paired test) among the last `patience` steps between separately
 *    trained candidates (not two checkpoints of one run, which share a seed) is no larger than the seed spread: |Δ| ≤ t(α, df_within)·√(2·MS_within), the least difference two single runs
 *    of different configurations must show to exceed seed noise (needs ≥ 2 within-seed df);
 * C. gains that flip category from one iteration to the next: step i gains metric A significantly,
 *    step i+1 loses A significantly while gaining another metric B ("fixes A, breaks B", reversed).
 */
export function irreproducible(input: SignalInput): Signal {
  const { alpha } = input.options;
  const ordered = inPlanOrder(input.metrics);
  const steps = transitions(ordered);
  const targets = targetMetrics(input);
  const groups = replicateGroups(iterationsOf(input.metrics));
  const recent = steps.slice(-input.contract.patience);

  const spread: Record<string, unknown>[] = [];
  const seedSized: Record<string, unknown>[] = [];
  const spreadHits: string[] = [];
  for (const metric of targets) {
    const anova = anovaOf(input, metric, groups);
    if (!anova) continue;
    // One significant step between separately trained configurations is enough evidence that the
    // probe-level test calls such steps real: test the largest point differences first, stop at one.
    const step = firstSignificant(input, metric, steps.filter(([a, b]) => separatelyTrained(a, b)));
    const seedBound = anova.msWithin !== null && anova.dfWithin >= 2 ? studentCritical(alpha, anova.dfWithin) * Math.sqrt(2 * anova.msWithin) : null;
    spread.push({
      metric,
      configurations: anova.groups,
      candidates: anova.n,
      F: r4(anova.F),
      df: [anova.dfBetween, anova.dfWithin],
      p_value: anova.p === null ? null : Number(anova.p.toPrecision(3)),
      seed_variance: r4(anova.msWithin),
      between_config_mean_square: r4(anova.msBetween),
      seed_bound: r4(seedBound),
      significant_step: step ? changeEvidence(step) : null,
    });
    if (anova.p !== null && anova.p >= alpha && step) {
      spreadHits.push(
        `on ${metric} the seeds of one configuration spread as widely as the configurations differ (F=${num(anova.F, 2)}, p=${num(anova.p, 2)}), ` +
          `yet ${step.a} → ${step.b} (${describeChange(step)}) looked like a real step`,
      );
    }
    if (seedBound !== null) {
      for (const [a, b] of recent) {
        if (!separatelyTrained(a, b)) continue;
        const point = pointChange(metric, { a: a.name, b: b.name }, input.metrics.units[metric]?.[a.name], input.metrics.units[metric]?.[b.name]);
        if (point.delta === null || Math.abs(point.delta) > seedBound) continue;
        const c = compareFor(input, 'gain', metric, a.name, b.name);
        if (c.movement === 'gain' && c.delta !== null) {
          seedSized.push({ ...changeEvidence(c), seed_bound: r4(seedBound) });
        }
      }
    }
  }

  const flips = findFlips(input, steps, decisionMetrics(input.metrics));
  const evidence = {
    replicated_configurations: [...groups.values()].filter((g) => g.length >= 2).map((g) => g.map((c) => c.name)),
    seed_vs_config: spread,
    gains_within_seed_spread: seedSized,
    flips,
  };
  // One reason of each kind in the summary; the evidence lists them all.
  const reasons: string[] = spreadHits.slice(0, 1);
  const firstSeedSized = seedSized[0];
  if (firstSeedSized) {
    reasons.push(
      `${String(firstSeedSized.to)} gained ${String(firstSeedSized.metric)} by ${signed(firstSeedSized.delta as number)} over ${String(firstSeedSized.from)}, less than seeds alone move it (±${num(firstSeedSized.seed_bound as number)})`,
    );
  }
  const firstFlip = flips[0];
  if (firstFlip) reasons.push(String(firstFlip.sentence));
  if (reasons.length === 0) {
    const note = groups.size && [...groups.values()].some((g) => g.length >= 2) ? '' : ' (no configuration was run with more than one seed)';
    return {
      id: 'irreproducible',
      fired: false,
      severity: 'info',
      summary: `Gains exceed the seed spread and do not flip between categories${note}.`,
      evidence,
    };
  }
  const more = spreadHits.length > 1 ? ` (${spreadHits.length - 1} more metric(s) in the evidence)` : '';
  const text = reasons.join('; ');
  return { id: 'irreproducible', fired: true, severity: 'stop', summary: `Probably the seed: ${text}${more}.`, evidence };
}

/**
 * Whether two candidates come from separate trainings of the sweep, so that seed noise separates
 * them: checkpoints of one run share their seed, and replicates of one configuration are the seed
 * noise itself.
 */
function separatelyTrained(a: CandidateSummary, b: CandidateSummary): boolean {
  // The baseline is not a configuration of the sweep (and was not trained with one of its seeds).
  if (a.baseline || b.baseline) return false;
  if (a.run !== null && a.run === b.run) return false;
  return replicateKey(a) !== replicateKey(b);
}

/** Consecutive candidates in plan order: each step is one iteration of the sweep. */
function transitions(ordered: readonly CandidateSummary[]): [CandidateSummary, CandidateSummary][] {
  const out: [CandidateSummary, CandidateSummary][] = [];
  for (let i = 1; i < ordered.length; i++) out.push([ordered[i - 1]!, ordered[i]!]);
  return out;
}

function replicateGroups(candidates: readonly CandidateSummary[]): Map<string, CandidateSummary[]> {
  const groups = new Map<string, CandidateSummary[]>();
  for (const c of candidates) {
    const list = groups.get(replicateKey(c)) ?? [];
    list.push(c);
    groups.set(replicateKey(c), list);
  }
  return groups;
}

/** ANOVA of candidate values by configuration; null without two configurations and a replicated one. */
function anovaOf(input: SignalInput, metric: MetricName, groups: Map<string, CandidateSummary[]>): OneWayAnova | null {
  const values = [...groups.values()]
    .map((g) => g.map((c) => c.metrics[metric]?.value).filter((v): v is number => typeof v === 'number'))
    .filter((g) => g.length > 0);
  if (values.length < 2 || !values.some((g) => g.length >= 2)) return null;
  return oneWayAnova(values);
}

/** The first step (largest point difference first) whose paired test finds a gain or a loss. */
function firstSignificant(input: SignalInput, metric: MetricName, steps: readonly [CandidateSummary, CandidateSummary][]): Change | null {
  const units = input.metrics.units[metric];
  const ranked = steps
    .map(([a, b]) => pointChange(metric, { a: a.name, b: b.name }, units?.[a.name], units?.[b.name]))
    .filter((p) => p.delta !== null && p.delta !== 0)
    .sort((x, y) => Math.abs(y.delta!) - Math.abs(x.delta!));
  for (const p of ranked) {
    const c = compareFor(input, 'either', metric, p.a, p.b);
    if (c.movement === 'gain' || c.movement === 'loss') return c;
  }
  return null;
}

/** Step i gains A; step i+1 loses A and gains B. Tests run only where the point estimates allow it. */
function findFlips(
  input: SignalInput,
  steps: readonly [CandidateSummary, CandidateSummary][],
  metrics: readonly MetricName[],
): Record<string, unknown>[] {
  const flips: Record<string, unknown>[] = [];
  for (let i = 0; i + 1 < steps.length; i++) {
    const [a, b] = steps[i]!;
    const [, c] = steps[i + 1]!;
    for (const m of metrics) {
      const gainA = compareFor(input, 'gain', m, a.name, b.name);
      if (gainA.movement !== 'gain') continue;
      const lossA = compareFor(input, 'loss', m, b.name, c.name);
      if (lossA.movement !== 'loss') continue;
      const gainB = metrics.filter((o) => o !== m).map((o) => compareFor(input, 'gain', o, b.name, c.name)).find((x) => x.movement === 'gain');
      if (!gainB) continue;
      const brokeB = compareFor(input, 'loss', gainB.metric, a.name, b.name);
      const broke = brokeB.movement === 'loss' ? brokeB : undefined;
      flips.push({
        steps: [`${a.name} → ${b.name}`, `${b.name} → ${c.name}`],
        first: [gainA, ...(broke ? [broke] : [])].map(changeEvidence),
        second: [lossA, gainB].map(changeEvidence),
        sentence: flipSentence(gainA, broke, lossA, gainB),
      });
      break;
    }
  }
  return flips;
}

function flipSentence(gainA: Change, brokeB: Change | undefined, lossA: Change, gainB: Change): string {
  const then = `${gainA.b} fixed ${describeChange(gainA)}${brokeB ? ` and broke ${describeChange(brokeB)}` : ''}`;
  return `${then}; then ${lossA.b} broke ${describeChange(lossA)} and fixed ${describeChange(gainB)}`;
}
