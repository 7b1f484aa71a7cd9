import { InputError, type InputProblem } from '../errors.js';
import { parseJsonWithLines } from './json-lines.js';
import { entryProblems, MAX_PROBLEMS } from './issues.js';
import { PointCollector } from './points.js';
import { HfLogEntry, HfTrainerState } from './schemas.js';
import type { ParsedTrainLog } from './types.js';

/**
 * Hugging Face Trainer `trainer_state.json`: `log_history` holds step entries (`loss`, `grad_norm`,
 * `learning_rate`), evaluation entries (`eval_loss`, `eval_<set>_loss`) and a final summary entry
 * (`train_loss`, `train_runtime`): the summary's run-average `train_loss` is not a step loss and is not kept.
 */
export function parseHfTrainerState(text: string, file: string): ParsedTrainLog {
  const json = parseJsonWithLines(text, file);
  const state = HfTrainerState.safeParse(json.value);
  if (!state.success) {
    throw new InputError(
      `not a Hugging Face trainer_state.json: ${state.error.issues.map((i) => `${i.path.join('.') || 'top level'}: ${i.message}`).join('; ')}`,
      { file, line: 1 },
    );
  }
  const collector = new PointCollector();
  const problems: InputProblem[] = [];
  const historyLine = json.lineOf(state.data.log_history) ?? 1;
  state.data.log_history.forEach((raw, i) => {
    const line = (raw && typeof raw === 'object' ? json.lineOf(raw) : undefined) ?? historyLine;
    const at = { file, line };
    const parsed = HfLogEntry.safeParse(raw);
    if (!parsed.success) {
      problems.push(...entryProblems(parsed.error, at, `log_history[${i}]`, raw));
      return;
    }
    collector.reached(parsed.data.step);
    for (const [name, value] of Object.entries(parsed.data)) {
      if (name !== 'step') collector.add(name, parsed.data.step, value, at);
    }
  });
  if (problems.length) throw new InputError(problems.slice(0, MAX_PROBLEMS));
  return { file, format: 'hf-trainer-state', ...collector.finish() };
}
