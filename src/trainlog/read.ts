import { statSync } from 'node:fs';
import { InputError } from '../errors.js';
import { displayPath, readUtf8 } from '../probes/source-text.js';
import { parseCsvLog } from './parse-csv.js';
import { parseHfTrainerState } from './parse-hf.js';
import { parseLlamaFactoryLog } from './parse-llamafactory.js';
import { TRAIN_LOG_FORMATS, type ParsedTrainLog, type TrainLogFormat } from './types.js';

/**
 * Which format a log is in, from its content (file names are often renamed):
 * a first line that is a whole JSON object with `current_steps` is LLaMA-Factory JSONL; any other
 * text starting with `{` is a trainer_state.json; a comma-separated first line is a CSV header.
 */
export function detectTrainLogFormat(text: string, file: string): TrainLogFormat {
  const body = text.replace(/^\uFEFF/, '');
  const firstLine = body.split('\n').find((l) => l.trim() !== '')?.trim() ?? '';
  if (firstLine.startsWith('{')) {
    if (/^\{.*"current_steps"\s*:.*\}$/.test(firstLine)) return 'llamafactory-jsonl';
    return 'hf-trainer-state';
  }
  // Any comma-separated first line is taken as CSV, so a header without step/loss gets the CSV message.
  if (firstLine.includes(',') || /^"?step"?$/i.test(firstLine)) return 'csv';
  throw new InputError(
    'unrecognised training log: expected a Hugging Face trainer_state.json, a LLaMA-Factory trainer_log.jsonl or a CSV with a step,loss header',
    { file, line: 1 },
  );
}

export function parseTrainLog(text: string, file: string, format?: TrainLogFormat): ParsedTrainLog {
  const fmt = format ?? detectTrainLogFormat(text, file);
  switch (fmt) {
    case 'hf-trainer-state':
      return parseHfTrainerState(text, file);
    case 'llamafactory-jsonl':
      return parseLlamaFactoryLog(text, file);
    case 'csv':
      return parseCsvLog(text, file);
  }
}

/** Reads (strict UTF-8) and parses a training log file; messages name it as the user would. */
export function readTrainLog(path: string, format?: TrainLogFormat): ParsedTrainLog {
  if (format !== undefined && !TRAIN_LOG_FORMATS.includes(format)) {
    throw new InputError(`unknown training-log format '${String(format)}' (known: ${TRAIN_LOG_FORMATS.join(', ')})`);
  }
  const shown = displayPath(path);
  let isFile: boolean;
  try {
    isFile = statSync(path).isFile();
  } catch (err) {
    throw new InputError(`cannot read training log: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`, { file: shown });
  }
  if (!isFile) throw new InputError('training log is not a file', { file: shown });
  const read = readUtf8(path, shown);
  if (!read.ok) throw new InputError([read.problem]);
  return parseTrainLog(read.text, shown, format);
}
