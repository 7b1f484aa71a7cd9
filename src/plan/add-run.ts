import { existsSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { InputError } from '../errors.js';
import type { Workspace } from '../workspace.js';
import { appendCandidates, type AppendResult } from './append.js';
import { scanOutputDir, type RunOutput } from './checkpoints.js';
import type { Candidate, ParamValue } from './schema.js';
import { paramsFromTrainerState, paramsFromTrainingConfig, type TrainingParams } from './train-config.js';

export interface AddRunOptions {
  /** The training YAML the run was started with (LLaMA-Factory); default: `training_args.yaml` in the output folder, if any. */
  config?: string;
  /** Prepended to each checkpoint folder's name to make the candidate name (default: `<run>-`). */
  namePrefix?: string;
  /** The model name each checkpoint is served under: `{checkpoint}` `{run}` `{step}` `{prefix}` (default `{checkpoint}`). */
  modelTemplate?: string;
  /** A folder with no checkpoint yet adds nothing instead of being an error (`watch` before the first save). */
  allowEmpty?: boolean;
}

export interface AddRunResult extends AppendResult {
  run: string;
  outputDir: string;
  /** Checkpoint folders found. */
  checkpoints: number;
  /** Where the params came from, or null when the run left neither a config nor a trainer_state.json. */
  paramsFrom: { path: string; format: TrainingParams['format'] } | null;
  /** The train_log written into the candidates (as written: workspace-relative when inside it). */
  trainLog: string | null;
  warnings: string[];
}

export const DEFAULT_MODEL_TEMPLATE = '{checkpoint}';

/**
 * `stoppoint plan add-run`: one candidate per `checkpoint-N/` of a training output folder,
 * appended to the plan in place. Re-running adds only checkpoints that are new.
 */
export function addRun(planPath: string, outputDir: string, ws: Workspace, options: AddRunOptions = {}): AddRunResult {
  const out = scanOutputDir(outputDir, { allowEmpty: options.allowEmpty ?? false });
  const warnings: string[] = [];
  const training = readParams(out, options.config);
  if (training === null) warnings.push(`no training config given and no trainer_state.json in ${out.dir}: candidates get no params`);
  if (training?.outputDir !== undefined && !sameFolderName(training.outputDir, out.run)) {
    warnings.push(`the config's output_dir is "${training.outputDir}", not a folder named "${out.run}": is it the config of this run?`);
  }
  const trainLog = out.trainLog === null ? null : workspacePath(out.trainLog, ws);
  if (trainLog === null) warnings.push(`no trainer_log.jsonl or trainer_state.json in ${out.dir}: candidates get no train_log`);
  const candidates = candidatesFromRun(out, { params: training?.params ?? {}, trainLog }, options);
  const appended = appendCandidates(resolve(planPath), candidates);
  return {
    ...appended,
    run: out.run,
    outputDir: out.dir,
    checkpoints: out.checkpoints.length,
    paramsFrom: training === null ? null : { path: training.source, format: training.format },
    trainLog,
    warnings,
  };
}

/** Pure part of add-run: the candidates for a scanned output folder, in step order. */
export function candidatesFromRun(
  out: RunOutput,
  found: { params: Record<string, ParamValue>; trainLog: string | null },
  options: Pick<AddRunOptions, 'namePrefix' | 'modelTemplate'> = {},
): Candidate[] {
  const prefix = options.namePrefix ?? `${out.run.replace(/[^A-Za-z0-9._@:+-]+/g, '-')}-`;
  const template = options.modelTemplate ?? DEFAULT_MODEL_TEMPLATE;
  checkTemplate(template);
  return out.checkpoints.map((ck) => {
    const c: Candidate = {
      name: `${prefix}${ck.name}`,
      model: expandTemplate(template, { checkpoint: ck.name, run: out.run, step: String(ck.step), prefix }),
      run: out.run,
      step: ck.step,
    };
    if (Object.keys(found.params).length > 0) c.params = { ...found.params };
    if (found.trainLog !== null) c.train_log = found.trainLog;
    return c;
  });
}

const PLACEHOLDERS = ['checkpoint', 'run', 'step', 'prefix'] as const;
type Placeholder = (typeof PLACEHOLDERS)[number];

function checkTemplate(template: string): void {
  for (const m of template.matchAll(/\{([^}]*)\}/g)) {
    if (!(PLACEHOLDERS as readonly string[]).includes(m[1] ?? '')) {
      throw new InputError(`--model-template: unknown placeholder {${m[1]}}; use ${PLACEHOLDERS.map((p) => `{${p}}`).join(' ')}`);
    }
  }
  if (template.trim() === '') throw new InputError('--model-template is empty');
}

export function expandTemplate(template: string, values: Record<Placeholder, string>): string {
  return template.replace(/\{(checkpoint|run|step|prefix)\}/g, (_, k: Placeholder) => values[k]);
}

function readParams(out: RunOutput, config: string | undefined): TrainingParams | null {
  if (config !== undefined) return paramsFromTrainingConfig(resolve(config));
  // LLaMA-Board saves the YAML it trained with into the output folder under this name.
  const saved = join(out.dir, 'training_args.yaml');
  if (existsSync(saved)) return paramsFromTrainingConfig(saved);
  if (out.trainerState !== null) return paramsFromTrainerState(out.trainerState);
  return null;
}

function sameFolderName(outputDir: string, run: string): boolean {
  const last = outputDir.replace(/[\\/]+$/, '').split(/[\\/]/).pop();
  return last === run;
}

/** Relative to the workspace when the file lies inside it (plans travel with their workspace). */
export function workspacePath(abs: string, ws: Workspace): string {
  const rel = relative(ws.root, abs);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split('\\').join('/') : abs;
}
