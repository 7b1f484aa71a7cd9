import { InputError, type InputProblem } from '../errors.js';
import { parseJsonWithLines } from './json-lines.js';
import { entryProblems, MAX_PROBLEMS } from './issues.js';
import { PointCollector } from './points.js';
import { LlamaFactoryLine } from './schemas.js';
import type { ParsedTrainLog } from './types.js';

/**
 * LLaMA-Factory `trainer_log.jsonl`: one JSON object per line with `current_steps`; train-loss lines
 * carry `loss` and `lr`/`learning_rate`, evaluation lines `eval_loss`; the last line is a summary
 * without a loss. Blank lines are allowed.
 */
export function parseLlamaFactoryLog(text: string, file: string): ParsedTrainLog {
  const collector = new PointCollector();
  const problems: InputProblem[] = [];
  const lines = text.split('\n');
  lines.forEach((raw, index) => {
    if (problems.length >= MAX_PROBLEMS) return;
    const body = (index === 0 ? raw.replace(/^\uFEFF/, '') : raw).trim();
    if (!body) return;
    const at = { file, line: index + 1 };
    let value: unknown;
    try {
      value = parseJsonWithLines(body, file, index + 1).value;
    } catch (err) {
      if (err instanceof InputError) problems.push(...err.problems);
      else throw err;
      return;
    }
    const parsed = LlamaFactoryLine.safeParse(value);
    if (!parsed.success) {
      problems.push(...entryProblems(parsed.error, at, '', value));
      return;
    }
    const { current_steps: step, lr, ...rest } = parsed.data;
    collector.reached(step);
    for (const [name, v] of Object.entries(rest)) collector.add(name, step, v, at);
    // Older LLaMA-Factory writes `lr`; stored under the one name the rest of stoppoint knows.
    if (rest.learning_rate === undefined) collector.add('learning_rate', step, lr, at);
  });
  if (problems.length) throw new InputError(problems.slice(0, MAX_PROBLEMS));
  return { file, format: 'llamafactory-jsonl', ...collector.finish() };
}
