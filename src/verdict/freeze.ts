import { METRICS, type MetricName } from '../metrics/registry.js';
import type { MetricEstimate } from '../metrics/types.js';
import { compareFor, pointChange, r4 } from '../signals/compare.js';
import { gainHolds } from '../signals/holds.js';
import { decisionMetrics, iterationsOf, type SignalInput } from '../signals/input.js';
import { interval, num, signed } from '../signals/text.js';
import { contractHolds } from './contract.js';
import type { Progress } from './progress.js';
import type { FreezeRisk } from './schema.js';

export interface FreezeChoice {
  candidate: string;
  /** The top candidate by mean gain on the targets, when an earlier one was preferred over it. */
  instead_of: string | null;
  score: number;
}

/**
 * The candidate to freeze: among candidates that keep the whole contract against the baseline
 * (every must_not_regress kept, every must_improve met — or, without must_improve rules, a gain on a
 * target metric that holds across seeds and no significant loss on one), the one with the highest
 * mean gain on the contract's must_improve metrics (the targets when there are none); then the
 * earliest candidate tried that it cannot be told apart from: no gain of the top one over it, on a
 * scored or guarded metric, holds across the top one's seeds ("prefer the earlier, simpler one").
 * Null when no candidate keeps the contract: there is nothing worth freezing.
 */
export function chooseFreeze(input: SignalInput, progress: Progress): FreezeChoice | null {
  const baseline = progress.baseline;
  if (baseline === null) return null;
  const scored = input.contract.must_improve.length ? input.contract.must_improve.map((r) => r.metric) : progress.targets;
  const eligible = iterationsOf(input.metrics).filter((c) => keepsContract(input, c.name, baseline, progress.targets));
  if (eligible.length === 0) return null;
  const scores = new Map(eligible.map((c) => [c.name, meanGain(input, scored, baseline, c.name)]));
  const top = eligible.reduce((best, c) => (scores.get(c.name)! > scores.get(best.name)! ? c : best));
  const watched = [...new Set<MetricName>([...scored, ...input.contract.must_not_regress.map((r) => r.metric)])];
  const earliest = eligible.find(
    (c) => c.ordinal <= top.ordinal && (c.name === top.name || !watched.some((m) => gainHolds(input, m, c.name, top.name))),
  )!;
  return { candidate: earliest.name, instead_of: earliest.name === top.name ? null : top.name, score: scores.get(earliest.name)! };
}

function meanGain(input: SignalInput, metrics: readonly MetricName[], baseline: string, candidate: string): number {
  const units = (m: MetricName) => input.metrics.units[m];
  const gains = metrics
    .map((m) => pointChange(m, { a: baseline, b: candidate }, units(m)?.[baseline], units(m)?.[candidate]).gain)
    .filter((g): g is number => g !== null);
  return gains.length ? gains.reduce((a, b) => a + b, 0) / gains.length : -Infinity;
}

function keepsContract(input: SignalInput, candidate: string, baseline: string, targets: readonly MetricName[]): boolean {
  if (!contractHolds(input, candidate, baseline)) return false;
  if (input.contract.must_improve.length > 0) return true;
  return targets.some((m) => gainHolds(input, m, baseline, candidate)) && !targets.some((m) => compareFor(input, 'loss', m, baseline, candidate).movement === 'loss');
}

/** How many risks to list: the few most likely to hurt, not a dump of every metric. */
const MAX_RISKS = 8;
const PER_KIND: Record<string, number> = { regression: 4, slice: 3, flips: 2, weakest: 2 };
/** A slice smaller than this many independent units says too little to be listed as a risk. */
const MIN_SLICE_CLUSTERS = 10;

/**
 * "If we freeze this for six months, what is most likely to go wrong?", from the candidate's own
 * numbers: real losses against the baseline (even within the contract's tolerance), language or
 * category slices (≥ 10 units) whose interval lies wholly on the bad side of the overall value, metrics whose
 * outcome flips between repeats, and the metrics whose 95% interval reaches lowest.
 */
export function freezeRisks(input: SignalInput, candidate: string, baseline: string | null): FreezeRisk[] {
  const c = input.metrics.candidates.find((x) => x.name === candidate);
  if (!c) return [];
  const metrics = decisionMetrics(input.metrics);
  const risks: (FreezeRisk & { rank: number; kind: string })[] = [];

  if (baseline !== null && baseline !== candidate) {
    for (const m of metrics) {
      const ch = compareFor(input, 'loss', m, baseline, candidate);
      if (ch.movement !== 'loss' || ch.delta === null) continue;
      risks.push({
        kind: 'regression', metric: m, value: r4(c.metrics[m]?.value) ?? 0, rank: 3 + Math.abs(ch.delta),
        why: `worse than ${baseline}: ${signed(ch.delta)} ${interval(ch.ci)}; a real loss that ships with it`,
      });
    }
  }
  for (const [slice, byMetric] of Object.entries(c.slices)) {
    // Languages and categories are where users differ; tags are too many and too small to test one by one.
    if (!/^(lang|category):/.test(slice)) continue;
    for (const m of metrics) {
      const s = byMetric[m];
      const overall = c.metrics[m];
      if (!s || !overall || s.ci === null || s.value === null || overall.value === null || s.clusters < MIN_SLICE_CLUSTERS) continue;
      const worse = METRICS[m].direction === 'higher' ? s.ci[1] < overall.value : s.ci[0] > overall.value;
      if (!worse) continue;
      risks.push({
        kind: 'slice', metric: `${m}@${slice}`, value: r4(s.value)!, rank: 2 + Math.abs(overall.value - s.value),
        why: `on ${slice} it is ${num(s.value)} ${interval(s.ci).replace(/\+/g, '')} against ${num(overall.value)} overall (n=${s.n}): users there get the worst of it`,
      });
    }
  }
  for (const m of metrics) {
    const est = c.metrics[m];
    if (!est || est.flip_rate === null || est.flip_rate === undefined || est.flip_rate < 0.1) continue;
    risks.push({
      kind: 'flips', metric: m, value: r4(est.flip_rate)!, rank: 1 + est.flip_rate,
      why: `${(100 * est.flip_rate).toFixed(0)}% of probes change outcome between repeats: asked twice, users may get different decisions`,
    });
  }
  const weakest = metrics
    .map((m) => ({ m, est: c.metrics[m] }))
    .filter((x): x is { m: MetricName; est: MetricEstimate } => !!x.est && x.est.ci !== null && x.est.value !== null)
    .map(({ m, est }) => ({ m, est, worst: METRICS[m].direction === 'higher' ? est.ci![0] : est.ci![1] }))
    .sort((a, b) => badness(b.m, b.worst) - badness(a.m, a.worst))
    .slice(0, 2);
  for (const { m, est, worst } of weakest) {
    risks.push({
      kind: 'weakest', metric: m, value: r4(worst)!, rank: badness(m, worst),
      why: `${METRICS[m].direction === 'higher' ? 'could be as low as' : 'could be as high as'} ${num(worst)} (95% interval ${interval(est.ci).replace(/\+/g, '')}, point ${num(est.value)}, n=${est.n})`,
    });
  }
  // Each kind is capped so one kind (every metric flipping a little) cannot crowd out the others.
  const taken = new Map<string, number>();
  return risks
    .sort((a, b) => b.rank - a.rank)
    .filter((r) => {
      const n = (taken.get(r.kind) ?? 0) + 1;
      taken.set(r.kind, n);
      return n <= (PER_KIND[r.kind] ?? MAX_RISKS);
    })
    .slice(0, MAX_RISKS)
    .map(({ metric, value, why }) => ({ metric, value, why }));
}

/** How bad a plausible value of a rate is: share failing (higher-is-better) or share of bad events. */
function badness(m: MetricName, worst: number): number {
  return METRICS[m].direction === 'higher' ? 1 - worst : worst;
}
