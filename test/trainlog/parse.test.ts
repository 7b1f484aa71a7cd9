import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { detectTrainLogFormat, parseTrainLog, readTrainLog } from '../../src/trainlog/read.js';
import { series } from '../../src/trainlog/types.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const datasets = resolve(repoRoot, '../shared/datasets');
const fixtures = resolve(repoRoot, 'test/fixtures/trainlog');

function counts(file: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of readTrainLog(file).points) out[p.name] = (out[p.name] ?? 0) + 1;
  return out;
}

describe('real training logs', () => {
  it.each([
    // file, format, loss points, last step, last loss step, series present
    ['trainlog-hf-alpaca-lora/trainer_state.json', 'hf-trainer-state', 121, 1218, 1210, { learning_rate: 121, loss: 121 }],
    ['trainlog-hf-metamath/trainer_state.json', 'hf-trainer-state', 128, 128, 128, { grad_norm: 128, learning_rate: 128, loss: 128 }],
    ['trainlog-hf-qlora/trainer_state.json', 'hf-trainer-state', 1000, 10000, 10000, { learning_rate: 1000, loss: 1000 }],
    ['trainlog-hf-stanford-alpaca/trainer_state.json', 'hf-trainer-state', 1218, 1218, 1218, { learning_rate: 1218, loss: 1218 }],
    ['trainlog-llamafactory-mistral-translator/trainer_state.json', 'hf-trainer-state', 866, 8660, 8660, { grad_norm: 866, learning_rate: 866, loss: 866 }],
    ['trainlog-llamafactory-mistral-translator/trainer_log.jsonl', 'llamafactory-jsonl', 866, 8660, 8660, { learning_rate: 866, loss: 866 }],
    ['trainlog-llamafactory-qwen2.5-medical/trainer_log.jsonl', 'llamafactory-jsonl', 675, 6750, 6750, { eval_loss: 13, learning_rate: 675, loss: 675 }],
  ] as const)('%s', (rel, format, lossPoints, lastStep, lastLossStep, seriesCounts) => {
    const log = readTrainLog(resolve(datasets, rel));
    expect(log.format).toBe(format);
    expect(log.lastStep).toBe(lastStep);
    const loss = series(log.points, 'loss');
    expect(loss).toHaveLength(lossPoints);
    expect(loss.at(-1)!.step).toBe(lastLossStep);
    expect(counts(resolve(datasets, rel))).toEqual(seriesCounts);
    expect(log.warnings).toEqual([]);
  });

  it('keeps the exact logged values and never turns the train_loss summary into a step loss', () => {
    const log = readTrainLog(resolve(datasets, 'trainlog-hf-alpaca-lora/trainer_state.json'));
    const loss = series(log.points, 'loss');
    expect(loss[0]).toEqual({ name: 'loss', step: 10, value: 1.5303 });
    expect(loss.at(-1)).toEqual({ name: 'loss', step: 1210, value: 1.0226 });
    // the summary entry at step 1218 carries train_loss 0.9967…, not a loss
    expect(log.points.some((p) => p.step === 1218)).toBe(false);
    expect(log.points.some((p) => p.name === 'train_loss' || p.value === 0.9967418730944052)).toBe(false);
  });

  it('reads interleaved eval_loss lines of LLaMA-Factory with their steps', () => {
    const log = readTrainLog(resolve(datasets, 'trainlog-llamafactory-qwen2.5-medical/trainer_log.jsonl'));
    const evalLoss = series(log.points, 'eval_loss');
    expect(evalLoss[0]).toEqual({ name: 'eval_loss', step: 500, value: 1.6410622596740723 });
    expect(evalLoss.map((p) => p.step)).toEqual([500, 1000, 1500, 2000, 2500, 3000, 3500, 4000, 4500, 5000, 5500, 6000, 6500]);
    // `lr` of this LLaMA-Factory version is stored as learning_rate
    expect(series(log.points, 'learning_rate')[0]).toEqual({ name: 'learning_rate', step: 10, value: 1.3333333333333334e-6 });
  });

  it('agrees between the LLaMA-Factory jsonl and the trainer_state.json of the same run', () => {
    const a = series(readTrainLog(resolve(datasets, 'trainlog-llamafactory-mistral-translator/trainer_log.jsonl')).points, 'loss');
    const b = series(readTrainLog(resolve(datasets, 'trainlog-llamafactory-mistral-translator/trainer_state.json')).points, 'loss');
    expect(a).toEqual(b);
  });

  it.each([500, 1000, 4500, 8500])('reads checkpoint-%i/trainer_state.json up to its own step', (step) => {
    const log = readTrainLog(resolve(datasets, `trainlog-llamafactory-mistral-translator/checkpoint-${step}/trainer_state.json`));
    expect(log.lastStep).toBe(step);
    expect(series(log.points, 'loss')).toHaveLength(step / 10);
  });
});

describe('small logs', () => {
  it('keeps several eval_<set>_loss series, skips a NaN value with a warning at its line', () => {
    const log = readTrainLog(resolve(fixtures, 'ok-eval-sets.json'));
    expect(series(log.points, 'eval_medical_loss').map((p) => p.value)).toEqual([2.6, 2.3]);
    expect(series(log.points, 'eval_general_loss').map((p) => p.value)).toEqual([2.2, 1.8]);
    expect(series(log.points, 'eval_loss').map((p) => p.step)).toEqual([10, 30]);
    expect(series(log.points, 'grad_norm').map((p) => p.step)).toEqual([20, 30]);
    expect(log.points.some((p) => p.name === 'eval_runtime' || p.name === 'train_loss')).toBe(false);
    expect(log.warnings).toHaveLength(1);
    expect(log.warnings[0]!.location).toEqual({ file: expect.stringContaining('ok-eval-sets.json'), line: 4 });
    expect(log.warnings[0]!.message).toMatch(/grad_norm at step 10 is NaN/);
  });

  it('reads CSV step,loss,eval_loss with empty cells', () => {
    const log = readTrainLog(resolve(fixtures, 'ok-loss.csv'));
    expect(log.format).toBe('csv');
    expect(series(log.points, 'loss').map((p) => p.value)).toEqual([2.1, 1.9, 1.8, 1.7]);
    expect(series(log.points, 'eval_loss')).toEqual([
      { name: 'eval_loss', step: 20, value: 2 },
      { name: 'eval_loss', step: 40, value: 1.85 },
    ]);
    expect(log.lastStep).toBe(40);
  });

  it('keeps the later value of a step logged twice (resumed training) and says so', () => {
    const text = 'step,loss\n10,2.0\n20,1.8\n20,1.7\n30,1.6\n';
    const log = parseTrainLog(text, 'resumed.csv');
    expect(series(log.points, 'loss').map((p) => p.value)).toEqual([2.0, 1.7, 1.6]);
    expect(log.warnings).toEqual([{ location: { file: 'resumed.csv', line: 4 }, message: expect.stringMatching(/logged again/) }]);
  });

  it('detects the format from the content, not the file name', () => {
    expect(detectTrainLogFormat('{"current_steps": 1, "loss": 2}\n', 'x.json')).toBe('llamafactory-jsonl');
    expect(detectTrainLogFormat('{\n  "log_history": []\n}\n', 'x.jsonl')).toBe('hf-trainer-state');
    expect(detectTrainLogFormat('{"log_history": [{"step": 1, "loss": 2}]}', 'x')).toBe('hf-trainer-state');
    expect(detectTrainLogFormat('Step,Loss\n1,2\n', 'x.txt')).toBe('csv');
    expect(() => detectTrainLogFormat('epoch loss\n1 2\n', 'x.txt')).toThrow(/x.txt:1: unrecognised training log/);
  });
});

describe('malformed logs are file:line errors', () => {
  it.each([
    ['bad-syntax.json', 10, /JSON syntax: expected ',' or '}'/],
    ['bad-nan-step.json', 8, /log_history\[1\]\.step: step must be a number \(got NaN\)/],
    ['bad-missing-step.json', 5, /log_history\[2\]\.step: missing step/],
    ['bad-negative-step.jsonl', 3, /current_steps: step must not be negative \(got -30\)/],
    ['bad-syntax.jsonl', 3, /JSON syntax: expected a property name but found "}"/],
    ['bad-missing-step.csv', 4, /step: missing step/],
    ['bad-step-text.csv', 4, /step: step must be a non-negative integer \(got "thirty"\)/],
    ['bad-header.csv', 1, /needs the columns step and loss/],
  ])('%s → line %i', (name, line, message) => {
    let error: unknown;
    try {
      readTrainLog(resolve(fixtures, name));
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(InputError);
    const problem = (error as InputError).problems[0]!;
    expect(problem.location?.file).toMatch(new RegExp(`${name.replace('.', '\\.')}$`));
    expect(problem.location?.line).toBe(line);
    expect(problem.message).toMatch(message);
    expect((error as InputError).message).toMatch(new RegExp(`${name.replace('.', '\\.')}:${line}: `));
  });

  it('refuses a missing file and an unknown format', () => {
    expect(() => readTrainLog(resolve(fixtures, 'nope.json'))).toThrow(/nope\.json: cannot read training log: no such file/);
    expect(() => readTrainLog(resolve(fixtures, 'ok-loss.csv'), 'tsv' as never)).toThrow(/unknown training-log format 'tsv'/);
  });

  it('refuses a log with a stray value after the JSON document', () => {
    expect(() => parseTrainLog('{"log_history": []}\n{"x": 1}\n', 'two.json', 'hf-trainer-state')).toThrow(
      /two\.json:2: JSON syntax: unexpected "\{" after the end/,
    );
  });
});
