import { z } from 'zod';

/**
 * zod shapes of the three log formats. Only what stoppoint reads is checked; every other field
 * (epoch, eval_runtime, total_flos, train_loss summary, throughput, …) passes through untouched.
 */

/** A logged value: NaN/Infinity are let through here so the parser can report them as warnings. */
const Logged = z.custom<number>((v) => typeof v === 'number', 'expected a number').nullable().optional();

const Step = z
  .number({ error: (issue) => (issue.input === undefined ? 'missing step' : 'step must be a number') })
  .int('step must be an integer')
  .nonnegative('step must not be negative');

/** One entry of a Hugging Face Trainer `trainer_state.json` `log_history`. */
export const HfLogEntry = z.looseObject({
  step: Step,
  loss: Logged,
  eval_loss: Logged,
  grad_norm: Logged,
  learning_rate: Logged,
});
export type HfLogEntry = z.infer<typeof HfLogEntry>;

/** `trainer_state.json`: the entries are checked one by one so each error names its line. */
export const HfTrainerState = z.looseObject({
  log_history: z.array(z.unknown()),
  global_step: z.number().int().nonnegative().optional(),
});
export type HfTrainerState = z.infer<typeof HfTrainerState>;

/** One line of LLaMA-Factory's `trainer_log.jsonl` (`lr` in older versions, `learning_rate` in newer). */
export const LlamaFactoryLine = z.looseObject({
  current_steps: Step,
  total_steps: z.number().int().nonnegative().optional(),
  loss: Logged,
  eval_loss: Logged,
  grad_norm: Logged,
  lr: Logged,
  learning_rate: Logged,
});
export type LlamaFactoryLine = z.infer<typeof LlamaFactoryLine>;

/** A CSV log's header: `step,loss[,eval_loss][,…]` (lower-cased, trimmed). */
export const CsvHeader = z
  .array(z.string())
  .refine((cols) => cols.includes('step') && cols.includes('loss'), 'a CSV training log needs the columns step and loss');

/** One CSV row keyed by header; empty cells are absent values, `nan`/`inf` are non-finite values. */
export const CsvRow = z.looseObject({
  step: z
    .string()
    .refine((s) => s !== '', 'missing step')
    .refine((s) => s === '' || /^\d+$/.test(s), 'step must be a non-negative integer')
    .transform(Number),
});
export type CsvRow = z.infer<typeof CsvRow>;
