import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { InputError, type InputProblem } from '../errors.js';
import { displayPath } from '../probes/source-text.js';
import type { ParamValue } from './schema.js';
import { parseYamlSource } from './yaml-source.js';

/** A candidate's params and the file they were read from. */
export interface TrainingParams {
  params: Record<string, ParamValue>;
  /** Absolute path of the file the params came from. */
  source: string;
  format: 'llamafactory-yaml' | 'trainer-state';
  /** LLaMA-Factory's `output_dir`, when the config names one. */
  outputDir?: string;
}

/** Python's YAML 1.1 reads `1e-4` as a string and HfArgumentParser converts it: accept both. */
function numeric<T extends z.ZodNumber>(schema: T) {
  return z.preprocess((v) => (typeof v === 'string' && /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(v) ? Number(v) : v), schema);
}
const number = () => z.number({ error: 'expected a number' });
const positive = numeric(number().positive());
const positiveInt = numeric(number().int().positive());

/** The hyper-parameters of a LLaMA-Factory training YAML that identify a configuration; other keys pass. */
const LlamaFactoryConfig = z.looseObject({
  learning_rate: positive.optional(),
  lora_rank: positiveInt.optional(),
  lora_alpha: positive.optional(),
  num_train_epochs: positive.optional(),
  per_device_train_batch_size: positiveInt.optional(),
  gradient_accumulation_steps: positiveInt.optional(),
  lr_scheduler_type: z.string().min(1).optional(),
  warmup_ratio: numeric(number().min(0).max(1)).optional(),
  seed: numeric(number().int().nonnegative()).optional(),
  output_dir: z.string().optional(),
});

/** The Trainer's own record of its arguments in `trainer_state.json`. */
const TrainerState = z.looseObject({
  num_train_epochs: positive.optional(),
  train_batch_size: positiveInt.optional(),
  global_step: z.number().int().nonnegative().optional(),
});

/**
 * Params from a LLaMA-Factory training YAML (or JSON): `learning_rate` as `lr`, the effective
 * `batch_size` = per-device batch × gradient accumulation (per device: the YAML does not know the
 * GPU count), the rest under their own names. Bad values are refused with file:line.
 */
export function paramsFromTrainingConfig(path: string): TrainingParams {
  const file = displayPath(path);
  const src = parseYamlSource(readText(path), file);
  if (src.problems.length) throw new InputError(src.problems);
  if (src.value === null || typeof src.value !== 'object' || Array.isArray(src.value)) {
    throw new InputError('a training config is a mapping of `key: value` lines', { file, line: 1 });
  }
  const parsed = LlamaFactoryConfig.safeParse(src.value);
  if (!parsed.success) {
    throw new InputError(parsed.error.issues.map((i): InputProblem => ({
      location: { file, line: src.lineOf(i.path) },
      message: `${i.path.map(String).join('.')}: ${i.message}`,
    })));
  }
  const c = parsed.data;
  const params: Record<string, ParamValue> = {};
  if (c.learning_rate !== undefined) params.lr = c.learning_rate;
  if (c.lora_rank !== undefined) params.lora_rank = c.lora_rank;
  if (c.lora_alpha !== undefined) params.lora_alpha = c.lora_alpha;
  if (c.num_train_epochs !== undefined) params.num_train_epochs = c.num_train_epochs;
  if (c.per_device_train_batch_size !== undefined) {
    // 1 is the Trainer's own default for gradient_accumulation_steps, so the product is what ran.
    params.batch_size = c.per_device_train_batch_size * (c.gradient_accumulation_steps ?? 1);
  }
  if (c.lr_scheduler_type !== undefined) params.lr_scheduler_type = c.lr_scheduler_type;
  if (c.warmup_ratio !== undefined) params.warmup_ratio = c.warmup_ratio;
  if (c.seed !== undefined) params.seed = c.seed;
  if (Object.keys(params).length === 0) {
    throw new InputError(
      'no training hyper-parameters found (learning_rate, lora_rank, lora_alpha, num_train_epochs, per_device_train_batch_size, lr_scheduler_type, warmup_ratio, seed): is this a LLaMA-Factory training config?',
      { file, line: 1 },
    );
  }
  return { params, source: path, format: 'llamafactory-yaml', ...(c.output_dir !== undefined ? { outputDir: c.output_dir } : {}) };
}

/** Params the Trainer recorded in `trainer_state.json`: epochs and the per-device batch size. */
export function paramsFromTrainerState(path: string): TrainingParams {
  const file = displayPath(path);
  const text = readText(path);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new InputError(`not valid JSON: ${(err as Error).message}`, { file, line: jsonErrorLine(text, err) });
  }
  const parsed = TrainerState.safeParse(value);
  if (!parsed.success || value === null || typeof value !== 'object' || Array.isArray(value)) {
    const issue = parsed.success ? undefined : parsed.error.issues[0];
    throw new InputError(`not a trainer_state.json${issue ? `: ${issue.path.map(String).join('.')}: ${issue.message}` : ''}`, { file, line: 1 });
  }
  const s = parsed.data;
  const params: Record<string, ParamValue> = {};
  if (s.num_train_epochs !== undefined) params.num_train_epochs = s.num_train_epochs;
  if (s.train_batch_size !== undefined) params.train_batch_size = s.train_batch_size;
  return { params, source: path, format: 'trainer-state' };
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(code === 'ENOENT' ? `file not found: ${displayPath(path)}` : `cannot read ${displayPath(path)}: ${code ?? String(err)}`);
  }
}

/** V8 names the failing offset as "position N" (or "line L column C"): turn it into a line. */
function jsonErrorLine(text: string, err: unknown): number {
  const msg = (err as Error).message;
  const line = /line (\d+)/.exec(msg);
  if (line) return Number(line[1]);
  const pos = /position (\d+)/.exec(msg);
  if (!pos) return 1;
  return text.slice(0, Number(pos[1])).split('\n').length;
}
