import { z } from 'zod';

/**
 * A grade keeps "could not grade" (error) and "does not apply" apart from a failing grade.
 * `label` is the grader's own vocabulary (refuse / comply / partial, correct / incorrect, 1..5);
 * `score` is the number metrics reduce (1 = pass, 0 = fail, or a scale value).
 */
export const Grade = z.discriminatedUnion('status', [
  z.strictObject({
    status: z.literal('scored'),
    label: z.string().min(1),
    score: z.number(),
    detail: z.string().optional(),
  }),
  z.strictObject({ status: z.literal('error'), detail: z.string() }),
  z.strictObject({ status: z.literal('not_applicable'), detail: z.string().optional() }),
]);
export type Grade = z.infer<typeof Grade>;

export const scored = (label: string, score: number, detail?: string): Grade =>
  detail === undefined ? { status: 'scored', label, score } : { status: 'scored', label, score, detail };
export const gradeError = (detail: string): Grade => ({ status: 'error', detail });
export const notApplicable = (detail?: string): Grade =>
  detail === undefined ? { status: 'not_applicable' } : { status: 'not_applicable', detail };
