import { z } from 'zod';

export const SignalId = z.enum([
  'no-objective',
  'irreproducible',
  'style-over-judgment',
  'loss-risk-divergence',
  'partial-evaluation',
  'parameter-coupling',
]);
export type SignalId = z.infer<typeof SignalId>;

export const Severity = z.enum(['info', 'warn', 'stop']);
export type Severity = z.infer<typeof Severity>;

/** DESIGN.md contract: evidence is numbers a person can check. */
export const Signal = z.strictObject({
  id: SignalId,
  fired: z.boolean(),
  severity: Severity,
  summary: z.string(),
  evidence: z.record(z.string(), z.unknown()),
});
export type Signal = z.infer<typeof Signal>;
