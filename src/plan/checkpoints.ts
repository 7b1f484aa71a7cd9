import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { InputError } from '../errors.js';
import { displayPath } from '../probes/source-text.js';

/** One `checkpoint-N/` folder a Hugging Face / LLaMA-Factory trainer saved. */
export interface CheckpointDir {
  /** The folder's name, e.g. `checkpoint-500`. */
  name: string;
  step: number;
  /** Absolute path of the folder. */
  dir: string;
}

/** What a training run left in its output folder. */
export interface RunOutput {
  /** Absolute path of the output folder. */
  dir: string;
  /** The output folder's name: the `run` all its checkpoints belong to. */
  run: string;
  /** Sorted by step. */
  checkpoints: CheckpointDir[];
  /** The run's training log (absolute), or null when the run left none yet. */
  trainLog: string | null;
  /** The newest `trainer_state.json` (root, else latest checkpoint), for params when no config is given. */
  trainerState: string | null;
}

/** Only finished checkpoints: the Trainer writes `tmp-checkpoint-N` and renames it when complete. */
const CHECKPOINT = /^checkpoint-(\d+)$/;

/** Reads an output folder. A folder that does not exist or holds no checkpoint is bad input. */
export function scanOutputDir(outputDir: string, options: { allowEmpty?: boolean } = {}): RunOutput {
  const dir = resolve(outputDir);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new InputError(`training output folder not found: ${displayPath(dir)}`);
  }
  const checkpoints: CheckpointDir[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const m = CHECKPOINT.exec(entry.name);
    if (!m || !entry.isDirectory()) continue;
    checkpoints.push({ name: entry.name, step: Number(m[1]), dir: join(dir, entry.name) });
  }
  checkpoints.sort((a, b) => a.step - b.step);
  if (checkpoints.length === 0 && !options.allowEmpty) {
    throw new InputError(`no checkpoint-N/ folders in ${displayPath(dir)}: is this a Trainer / LLaMA-Factory output_dir?`);
  }
  const latest = checkpoints[checkpoints.length - 1];
  const rootState = join(dir, 'trainer_state.json');
  const latestState = latest ? join(latest.dir, 'trainer_state.json') : undefined;
  const trainerState = existsSync(rootState) ? rootState : latestState && existsSync(latestState) ? latestState : null;
  // LLaMA-Factory appends to trainer_log.jsonl while it trains, so it is the most current log; the
  // root trainer_state.json only appears when training ends; a checkpoint's copy stops at its step.
  const liveLog = join(dir, 'trainer_log.jsonl');
  const trainLog = existsSync(liveLog) ? liveLog : trainerState;
  return { dir, run: basename(dir), checkpoints, trainLog, trainerState };
}
