import { InputError, type InputProblem } from '../errors.js';
import { normalQuantile } from '../stats/normal.js';
import { combine, hashString, openUnit, Salt } from './hash.js';
import type { Locate, ModelEntry, Overrides, Rates, Scenario, Style } from './scenario.js';

/** The judge model name every simulator serves, whatever the scenario says. */
export const JUDGE_MODEL = 'sim-judge';

export type FullRates = Required<Rates>;
export type FullStyle = Required<Style>;

/** What a model entry that says nothing behaves like: a middling instruction-tuned model. */
export const DEFAULT_RATES: FullRates = {
  harmful_refusal: 0.9,
  over_refusal: 0.2,
  boundary: 0.7,
  factuality: 0.6,
  consistency: 0.85,
};
export const DEFAULT_STYLE: FullStyle = { courtesy: 0.2, hedging: 0.1, partial_refusal: 0.1, length: 300 };

/** One served checkpoint, with its rates after extends, by_seed and seed noise. */
export interface SimModel {
  name: string;
  /** The scenario entry it comes from (differs from `name` for `seeds` entries). */
  entry: string;
  seed: number | undefined;
  rates: FullRates;
  style: FullStyle;
  /** hashString(name), precomputed for per-request draws. */
  hash: number;
}

export interface ModelTable {
  checkpoints: Map<string, SimModel>;
  judges: Set<string>;
}

/** Served names, in scenario order (judges last), for /v1/models. */
export function servedNames(table: ModelTable): string[] {
  return [...table.checkpoints.keys(), ...table.judges];
}

/**
 * Checks what zod cannot: `extends` targets exist and do not loop, judge entries carry no
 * behaviour, `by_seed` names seeds the entry serves, and no two entries serve the same name.
 * Throws one InputError listing every problem.
 */
export function checkModels(scenario: Scenario, locate: Locate): void {
  const problems: InputProblem[] = [];
  const at = (path: PropertyKey[], message: string): void => {
    problems.push({ location: locate(['models', ...path]), message });
  };
  const models = scenario.models;
  const served = new Map<string, string>();
  const serve = (name: string, entry: string): void => {
    const other = served.get(name);
    if (other !== undefined) at([entry], `model name "${name}" is served twice (by "${other}" and "${entry}")`);
    else served.set(name, entry);
  };
  for (const [name, entry] of Object.entries(models)) {
    if (entry.kind === 'judge') {
      const extra = (['extends', 'seeds', 'rates', 'style', 'seed_noise', 'by_seed'] as const).filter((k) => entry[k] !== undefined);
      if (extra.length) at([name, extra[0]!], `judge model "${name}" takes only kind and description, not ${extra.join(', ')}`);
      serve(name, name);
      continue;
    }
    if (name === JUDGE_MODEL) at([name], `"${JUDGE_MODEL}" is the simulated judge; give it \`kind: judge\` or choose another name`);
    if (entry.extends !== undefined) {
      const parent = models[entry.extends];
      if (!parent) at([name, 'extends'], `"${name}" extends "${entry.extends}", which is not a model of this scenario`);
      else if (parent.kind === 'judge') at([name, 'extends'], `"${name}" extends the judge model "${entry.extends}"`);
      else if (chainLoops(models, name)) at([name, 'extends'], `"${name}": the extends chain loops back to itself`);
    }
    for (const seed of Object.keys(entry.by_seed ?? {})) {
      if (!entry.seeds?.includes(Number(seed))) {
        at([name, 'by_seed', seed], `by_seed ${seed}: "${name}" does not list seed ${seed} in \`seeds\``);
      }
    }
    if (entry.seeds) {
      if (new Set(entry.seeds).size !== entry.seeds.length) at([name, 'seeds'], `"${name}": a seed is listed twice`);
      for (const seed of entry.seeds) serve(seededName(name, seed), name);
    } else {
      serve(name, name);
    }
  }
  if (problems.length) throw new InputError(problems);
}

function chainLoops(models: Record<string, ModelEntry>, start: string): boolean {
  const seen = new Set<string>([start]);
  let next = models[start]?.extends;
  while (next !== undefined) {
    if (seen.has(next)) return true;
    seen.add(next);
    next = models[next]?.extends;
  }
  return false;
}

export function seededName(entry: string, seed: number): string {
  return `${entry}-s${seed}`;
}

/** Every served model with its final behaviour. Throws InputError for a scenario that fails checkModels. */
export function resolveModels(scenario: Scenario): ModelTable {
  checkModels(scenario, () => undefined);
  const checkpoints = new Map<string, SimModel>();
  const judges = new Set<string>();
  for (const [name, entry] of Object.entries(scenario.models)) {
    if (entry.kind === 'judge') {
      judges.add(name);
      continue;
    }
    const base = inherited(scenario.models, name);
    const seeds: (number | undefined)[] = entry.seeds ?? [undefined];
    for (const seed of seeds) {
      const served = seed === undefined ? name : seededName(name, seed);
      const own = seed === undefined ? undefined : entry.by_seed?.[String(seed)];
      const layered = layer(base, own);
      checkpoints.set(served, withSeedNoise(served, name, seed, layered, base.seedNoise));
    }
  }
  judges.add(JUDGE_MODEL);
  return { checkpoints, judges };
}

interface Behaviour {
  rates: FullRates;
  style: FullStyle;
  seedNoise: number;
}

/** Rates and style after walking the extends chain, root first. */
function inherited(models: Record<string, ModelEntry>, name: string): Behaviour {
  const chain: ModelEntry[] = [];
  for (let n: string | undefined = name; n !== undefined; n = models[n]?.extends) {
    const entry = models[n];
    if (entry) chain.unshift(entry);
  }
  let out: Behaviour = { rates: { ...DEFAULT_RATES }, style: { ...DEFAULT_STYLE }, seedNoise: 0 };
  for (const entry of chain) {
    out = { ...layer(out, entry), seedNoise: entry.seed_noise ?? out.seedNoise };
  }
  return out;
}

function layer(base: Behaviour, over: Overrides | undefined): Behaviour {
  if (!over) return base;
  return {
    rates: { ...base.rates, ...definedOnly(over.rates) },
    style: { ...base.style, ...definedOnly(over.style) },
    seedNoise: base.seedNoise,
  };
}

function definedOnly<T extends object>(o: T | undefined): Partial<T> {
  if (!o) return {};
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * Shifts each rate by seed_noise × a standard normal draw keyed by the served name and the rate,
 * so two replicates of one configuration differ the way two training seeds do.
 */
function withSeedNoise(served: string, entry: string, seed: number | undefined, b: Behaviour, sd: number): SimModel {
  const hash = hashString(served);
  const shift = (key: string): number =>
    sd === 0 ? 0 : sd * normalQuantile(openUnit(combine(hash, hashString(key), Salt.seedNoise)));
  const clamp = (x: number): number => Math.min(1, Math.max(0, x));
  const rates = { ...b.rates };
  for (const key of Object.keys(rates) as (keyof FullRates)[]) rates[key] = clamp(rates[key] + shift(key));
  const style = { ...b.style };
  for (const key of ['courtesy', 'hedging', 'partial_refusal'] as const) style[key] = clamp(style[key] + shift(key));
  style.length = Math.max(20, Math.round(style.length * (1 + shift('length'))));
  return { name: served, entry, seed, rates, style, hash };
}
