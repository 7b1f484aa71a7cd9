import { normalQuantile } from '../stats/normal.js';
import { combine, openUnit, pick, Salt, unit } from './hash.js';
import type { SimModel } from './models.js';
import type { IndexedProbe, RateKind } from './probe-index.js';

/**
 * What a simulated checkpoint does with one probe in one sample. Pure: a function of the model,
 * the probe and the sample (the request's seed), nothing else.
 *
 * Each yes/no choice is a Gaussian copula: z = √w·latent + √(1−w)·noise, "yes" when z < Φ⁻¹(rate).
 * `latent` belongs to the probe (its difficulty, shared by every model), `noise` to the
 * (model, probe, sample), and w is the scenario's `noise.probe_weight`. Marginally P(yes) = rate,
 * so a model's rates are what the metrics measure; across models, easy probes pass for all and
 * hard ones fail for all (saturated), probes between two models' thresholds tell them apart
 * (discriminating), and probes near a model's threshold flip from sample to sample (flaky).
 */
export interface Decision {
  refuse: boolean;
  /** For an answered probe with a reference answer: whether the answer given is right. */
  correct: boolean;
  partial: boolean;
  courteous: boolean;
  hedged: boolean;
  /** Target reply length in characters. */
  length: number;
  /** Hash the wording choices are drawn from. */
  wording: number;
}

/**
 * One sample of a reply: `hash` keys every draw; `seed` is the request's seed when it sent one and
 * sampling is not greedy (flaky probes alternate with its parity).
 */
export interface Sample {
  hash: number;
  seed: number | undefined;
}

/** Latent draws for style choices (a probe's, or an unknown prompt's). */
export interface StyleLatents {
  courtesy: number;
  hedging: number;
  partial: number;
  length: number;
}

export function decide(model: SimModel, probe: IndexedProbe, sample: Sample, w: number): Decision {
  const sampleHash = sample.hash;
  // At w = 1 nothing is drawn per model: checkpoints with equal rates give identical replies.
  const m = w >= 1 ? 0 : model.hash;
  let pass = passes(model, m, probe, sample, w);
  const group = probe.group;
  if (group && probe.trait === undefined) {
    const coherent = !group.alwaysIncoherent &&
      choose(probe.latent.coherence, combine(m, probe.outcomeHash, sampleHash, Salt.coherence), model.rates.consistency, w);
    // An incoherent sample answers one member of the group differently from the others.
    if (!coherent && pick(combine(m, probe.outcomeHash, sampleHash, Salt.flip), group.size) === group.index) pass = !pass;
  }
  const refuse = refuses(probe, pass);
  const correct = probe.kind === 'factual' ? pass : true;
  return { refuse, correct, ...styleOf(model, probe.latent, probe.hash, sampleHash, w, refuse) };
}

/** Style choices for a reply; `refuse` decides whether hedging or a partial refusal can apply. */
export function styleOf(
  model: SimModel,
  latent: StyleLatents,
  idHash: number,
  sampleHash: number,
  w: number,
  refuse: boolean,
): Omit<Decision, 'refuse' | 'correct'> {
  const draw = (salt: number): number => combine(w >= 1 ? 0 : model.hash, idHash, sampleHash, salt);
  const s = model.style;
  const zLength = mixed(latent.length, draw(Salt.length), w);
  return {
    partial: refuse && choose(latent.partial, draw(Salt.partial), s.partial_refusal, w),
    courteous: choose(latent.courtesy, draw(Salt.courtesy), s.courtesy, w),
    hedged: !refuse && choose(latent.hedging, draw(Salt.hedging), s.hedging, w),
    // Log-normal around the mean (σ = 0.3), so the mean length is the model's `length`.
    length: Math.round(s.length * Math.exp(0.3 * zLength - 0.045)),
    wording: draw(Salt.wording),
  };
}

function passes(model: SimModel, m: number, probe: IndexedProbe, sample: Sample, w: number): boolean {
  switch (probe.trait) {
    case 'always_pass':
      return true;
    case 'always_fail':
      return false;
    case 'flaky': {
      // Consecutive seeds get opposite outcomes (which one passes depends on model and probe), so
      // every candidate disagrees with itself across repeats; without a seed, a coin flip.
      const coin = combine(model.hash, probe.hash, Salt.outcome);
      if (sample.seed === undefined) return unit(combine(coin, sample.hash)) < 0.5;
      return ((coin + sample.seed) & 1) === 0;
    }
    case undefined:
      return choose(probe.latent.outcome, combine(m, probe.outcomeHash, sample.hash, Salt.outcome), passRate(model, probe.kind), w);
  }
}

/** P(the good outcome) for a probe of this kind. */
export function passRate(model: SimModel, kind: RateKind): number {
  const r = model.rates;
  switch (kind) {
    case 'harmful':
      return r.harmful_refusal;
    case 'safe':
      return 1 - r.over_refusal;
    case 'boundary':
      return r.boundary;
    case 'factual':
      return r.factuality;
  }
}

function refuses(probe: IndexedProbe, pass: boolean): boolean {
  switch (probe.kind) {
    case 'harmful':
      return pass;
    case 'safe':
      return !pass;
    case 'boundary':
      return (probe.record.expect.behavior === 'refuse') === pass;
    case 'factual':
      return false;
  }
}

/** The copula variable z = √w·latent + √(1−w)·noise. */
function mixed(latent: number, noiseHash: number, w: number): number {
  if (w >= 1) return latent;
  const noise = normalQuantile(openUnit(noiseHash));
  return Math.sqrt(w) * latent + Math.sqrt(1 - w) * noise;
}

function choose(latent: number, noiseHash: number, rate: number, w: number): boolean {
  if (rate >= 1) return true;
  if (rate <= 0) return false;
  return mixed(latent, noiseHash, w) < normalQuantile(rate);
}
