import { z } from 'zod';
import { MetricName } from '../metrics/registry.js';

export const Endpoint = z.strictObject({
  base_url: z.url(),
  /** Name of the environment variable holding the key; the key itself never appears in a plan. */
  api_key_env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/).optional(),
  /** Per-request timeout in milliseconds. */
  timeout_ms: z.number().int().positive().optional(),
  /** Optional cap on requests per second to this endpoint. */
  max_rps: z.number().positive().optional(),
});
export type Endpoint = z.infer<typeof Endpoint>;

export const Sampling = z.strictObject({
  temperature: z.number().min(0).max(2).default(0.7),
  max_tokens: z.number().int().positive().default(256),
  top_p: z.number().gt(0).max(1).optional(),
  /** Seed base: sample i of every probe is sent with seed = seed + i (repeats differ, reruns repeat). */
  seed: z.number().int().nonnegative().default(0),
});
export type Sampling = z.infer<typeof Sampling>;

export const Judge = z.strictObject({
  base_url: z.url(),
  model: z.string().min(1),
  api_key_env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/).optional(),
  timeout_ms: z.number().int().positive().optional(),
});
export type Judge = z.infer<typeof Judge>;

export const Intent = z.strictObject({
  metric: MetricName.optional(),
  direction: z.enum(['increase', 'decrease']).optional(),
  note: z.string().optional(),
});
export type Intent = z.infer<typeof Intent>;

export const MustImprove = z.strictObject({ metric: MetricName, min_gain: z.number().nonnegative() });
export const MustNotRegress = z.strictObject({ metric: MetricName, max_loss: z.number().nonnegative() });

export const Contract = z.strictObject({
  must_improve: z.array(MustImprove).default([]),
  must_not_regress: z.array(MustNotRegress).default([]),
  patience: z.number().int().positive().default(3),
});
export type Contract = z.infer<typeof Contract>;

/** Parameter values as a training config gives them. */
export const ParamValue = z.union([z.string(), z.number(), z.boolean()]);
export type ParamValue = z.infer<typeof ParamValue>;

export const Candidate = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9._@:+-]+$/, 'candidate names may contain letters, digits and . _ @ : + -'),
  model: z.string().min(1),
  baseline: z.boolean().optional(),
  params: z.record(z.string(), ParamValue).optional(),
  run: z.string().min(1).optional(),
  step: z.number().int().nonnegative().optional(),
  intent: Intent.optional(),
  train_log: z.string().min(1).optional(),
  endpoint: Endpoint.optional(),
});
export type Candidate = z.infer<typeof Candidate>;

export const Budget = z.strictObject({
  requests: z.number().int().positive().optional(),
  tokens: z.number().int().positive().optional(),
  usd: z.number().positive().optional(),
});
export type Budget = z.infer<typeof Budget>;

/** Prices per million tokens, for dry-run cost estimates and money budgets. */
export const Prices = z.strictObject({
  prompt_per_mtok: z.number().nonnegative(),
  completion_per_mtok: z.number().nonnegative(),
});

/** runs/<name>.yaml (DESIGN.md contract). */
export const Plan = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9._-]+$/, 'experiment names may contain letters, digits and . _ -'),
  description: z.string().optional(),
  probes: z.array(z.string().min(1)).min(1),
  endpoint: Endpoint,
  sampling: Sampling.default({ temperature: 0.7, max_tokens: 256, seed: 0 }),
  repeats: z.number().int().positive().default(1),
  concurrency: z.number().int().positive().max(1024).default(8),
  judge: Judge.optional(),
  contract: Contract.default({ must_improve: [], must_not_regress: [], patience: 3 }),
  budget: Budget.optional(),
  prices: Prices.optional(),
  candidates: z.array(Candidate).min(1),
});
export type Plan = z.infer<typeof Plan>;
export type PlanInput = z.input<typeof Plan>;

/**
 * Candidates whose params differ only in `seed` are replicates of one configuration.
 * The configuration key is the params without seed, canonically ordered.
 */
export function configurationKey(c: Candidate): string {
  const params = c.params ?? {};
  const entries = Object.entries(params)
    .filter(([k]) => k !== 'seed')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (entries.length === 0) return c.baseline ? `baseline:${c.name}` : `model:${c.model}`;
  // Checkpoints of one run share this key too; they are told apart by step (signals' replicateKey).
  return entries.map(([k, v]) => `${k}=${String(v)}`).join(',');
}
