import { z } from 'zod';
import { InputError, type InputProblem } from '../errors.js';
import { formatPath, parseYamlSource, readUserFile, type YamlSource } from '../plan/yaml-source.js';
import { checkModels } from './models.js';

/**
 * A simulator scenario (scenarios/*.yaml): which model names the simulated endpoint serves and how
 * each behaves per probe category. scenarios/demo.yaml documents every key.
 */

const Probability = z.number().min(0).max(1);

/** Per-category decision rates of a simulated checkpoint. Omitted keys come from `extends` or the defaults. */
export const Rates = z.strictObject({
  /** P(refuse | refusal probe that should be refused). */
  harmful_refusal: Probability.optional(),
  /** P(refuse | refusal probe with behavior: answer), i.e. over-refusal. */
  over_refusal: Probability.optional(),
  /** P(right refuse/answer decision | boundary probe). */
  boundary: Probability.optional(),
  /** P(right answer | probe with a reference answer). */
  factuality: Probability.optional(),
  /** P(a paraphrase group is answered coherently in one sample). */
  consistency: Probability.optional(),
});
export type Rates = z.infer<typeof Rates>;

/** How replies read, independent of what they decide. */
export const Style = z.strictObject({
  /** P(a reply carries a courtesy phrase). */
  courtesy: Probability.optional(),
  /** P(an answer is hedged: "I think", "我记得"). */
  hedging: Probability.optional(),
  /** P(a refusal is partial: it declines the specifics but offers general help). */
  partial_refusal: Probability.optional(),
  /** Mean length in characters of an English answer (refusals run about half, Chinese about 0.45×). */
  length: z.number().int().min(20).max(20000).optional(),
});
export type Style = z.infer<typeof Style>;

export const Overrides = z.strictObject({ rates: Rates.optional(), style: Style.optional() });
export type Overrides = z.infer<typeof Overrides>;

export const ModelName = z
  .string()
  .regex(/^[A-Za-z0-9._:/@+-]+$/, 'model names may contain letters, digits and . _ : / @ + -');

export const ModelEntry = z.strictObject({
  /** `checkpoint` (default): a simulated fine-tuned model; `judge`: the simulated LLM judge. */
  kind: z.enum(['checkpoint', 'judge']).default('checkpoint'),
  description: z.string().optional(),
  extends: ModelName.optional(),
  /** Serve `<name>-s<seed>` for each seed instead of `<name>`: replicates of one configuration. */
  seeds: z.array(z.number().int().nonnegative()).min(1).optional(),
  rates: Rates.optional(),
  style: Style.optional(),
  /** Standard deviation of a per-served-model shift of every rate, so replicates differ. */
  seed_noise: z.number().min(0).max(0.5).optional(),
  /** Overrides for one seed of `seeds`, keyed by the seed. */
  by_seed: z.record(z.string().regex(/^\d+$/, 'by_seed keys are seeds (whole numbers)'), Overrides).optional(),
});
export type ModelEntry = z.infer<typeof ModelEntry>;

export const FaultConfig = z.strictObject({
  /** Fixed delay before every chat completion answer. */
  latency_ms: z.number().min(0).max(600000).default(0),
  /** Extra delay, uniform in [0, latency_jitter_ms). */
  latency_jitter_ms: z.number().min(0).max(600000).default(0),
  rate_limit: Probability.default(0),
  /** Sent as `Retry-After` (whole seconds, rounded up) and `retry-after-ms` on 429s. */
  retry_after_ms: z.number().int().min(0).max(3600000).default(1000),
  server_error: Probability.default(0),
  hang: Probability.default(0),
  reset: Probability.default(0),
  malformed: Probability.default(0),
  wrong_shape: Probability.default(0),
  /** Probe ids that always get a 500, however often they are retried. */
  fail_probes: z.array(z.string().min(1)).default([]),
  /** Whether requests to judge models are faulted too. */
  include_judge: z.boolean().default(false),
});
export type FaultConfig = z.infer<typeof FaultConfig>;
export type FaultConfigInput = z.input<typeof FaultConfig>;

export const ProbeTraits = z.strictObject({
  /** Outcome alternates between consecutive seeds (a coin flip without one): every model disagrees with itself across repeats. */
  flaky: z.array(z.string().min(1)).default([]),
  /** Every model does the right thing, every time (saturated: tells nothing). */
  always_pass: z.array(z.string().min(1)).default([]),
  /** Every model gets it wrong, every time. */
  always_fail: z.array(z.string().min(1)).default([]),
  /** Paraphrase groups no model answers coherently (the paraphrases are not equivalent). */
  inconsistent_groups: z.array(z.string().min(1)).default([]),
}).superRefine((t, ctx) => {
  // A probe has one trait; naming it under two would leave which one wins to chance.
  const seen = new Map<string, string>();
  for (const key of ['always_pass', 'always_fail', 'flaky'] as const) {
    t[key].forEach((id, i) => {
      const first = seen.get(id);
      if (first !== undefined) ctx.addIssue({ code: 'custom', path: [key, i], message: `probe ${id} is already listed under ${first}` });
      else seen.set(id, key);
    });
  }
});
export type ProbeTraits = z.infer<typeof ProbeTraits>;

export const Scenario = z.strictObject({
  description: z.string().optional(),
  /** Probe sets the simulator loads when none are named on the command line. */
  probes: z.array(z.string().min(1)).min(1).optional(),
  /** When set, requests must carry `Authorization: Bearer <require_key>` (a test key, not a secret). */
  require_key: z.string().min(1).optional(),
  noise: z
    .strictObject({
      /** Share of an outcome's variance owned by the probe (latent difficulty) rather than the (model, sample). */
      probe_weight: Probability.default(0.85),
    })
    .default({ probe_weight: 0.85 }),
  faults: FaultConfig.default(FaultConfig.parse({})),
  probe_traits: ProbeTraits.default(ProbeTraits.parse({})),
  models: z.record(ModelName, ModelEntry).refine((m) => Object.keys(m).length > 0, 'a scenario needs at least one model'),
});
export type Scenario = z.infer<typeof Scenario>;
export type ScenarioInput = z.input<typeof Scenario>;

/** A position in the scenario file, for problems found after zod. */
export type Locate = (path: readonly PropertyKey[]) => { file: string; line: number } | undefined;

/** Reads and validates a scenario file; every problem comes back at once as `file:line` (InputError). */
export function loadScenario(path: string): Scenario {
  const { file, text } = readUserFile(path, 'scenario');
  return parseScenario(text, file);
}

/** Validates scenario text; `file` names it in problems. */
export function parseScenario(text: string, file: string): Scenario {
  const src = parseYamlSource(text, file);
  if (src.problems.length) throw new InputError(src.problems);
  if (src.value === null || src.value === undefined) throw new InputError('the scenario is empty', { file, line: 1 });
  const parsed = Scenario.safeParse(src.value);
  if (!parsed.success) throw new InputError(parsed.error.issues.map((i) => describeIssue(i, src)));
  // Relations between entries (extends, seeds, names) are checked where models are resolved.
  checkModels(parsed.data, (path) => ({ file, line: src.lineOf(path) }));
  return parsed.data;
}

function describeIssue(issue: z.core.$ZodIssue, src: YamlSource): InputProblem {
  const where = formatPath(issue.path);
  const location = { file: src.file, line: src.lineOf(issue.path) };
  if (issue.code === 'unrecognized_keys') {
    const line = src.lineOf([...issue.path, issue.keys[0] ?? '']);
    return { location: { ...location, line }, message: `${where ? `${where}: ` : ''}unknown field ${issue.keys.map((k) => `"${k}"`).join(', ')}` };
  }
  if (issue.code === 'invalid_type' && src.valueAt(issue.path) === undefined) {
    return { location, message: `missing required field "${where}"` };
  }
  return { location, message: where ? `${where}: ${issue.message}` : issue.message };
}
