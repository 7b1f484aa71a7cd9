import { z } from 'zod';
import { Signal } from '../signals/types.js';

export const ContractCheck = z.strictObject({
  metric: z.string(),
  rule: z.enum(['must_improve', 'must_not_regress']),
  ok: z.boolean(),
  delta: z.number().nullable(),
  interval: z.tuple([z.number(), z.number()]).nullable(),
  /** Extensions (compatible): which candidates were compared and the threshold. */
  candidate: z.string().optional(),
  against: z.string().optional(),
  threshold: z.number().optional(),
});
export type ContractCheck = z.infer<typeof ContractCheck>;

export const FreezeRisk = z.strictObject({
  metric: z.string(),
  value: z.number(),
  why: z.string(),
});
export type FreezeRisk = z.infer<typeof FreezeRisk>;

/** `stoppoint verdict EXPERIMENT --json` (DESIGN.md contract). */
export const Verdict = z.strictObject({
  experiment: z.string(),
  verdict: z.enum(['continue', 'stop']),
  action: z.enum(['keep-tuning', 'freeze', 'back-to-data', 'fix-evaluation']),
  freeze_candidate: z.string().nullable(),
  signals: z.array(Signal),
  contract: z.array(ContractCheck),
  freeze_risks: z.array(FreezeRisk),
  /** Extension: one paragraph a person reads first. */
  reason: z.string().optional(),
});
export type Verdict = z.infer<typeof Verdict>;
