import type { InputProblem } from '../errors.js';
import { readUtf8 } from './source-text.js';
import type { Located } from './validate.js';
import { isYamlSequence, parseYaml, sequenceItems } from './yaml-lines.js';

export interface RecordFileResult {
  raws: Located[];
  problems: InputProblem[];
}

/** Files in a set folder that hold records (the folder is not searched recursively). */
export function isRecordFile(name: string): boolean {
  return /\.(ya?ml|jsonl)$/i.test(name) && name !== 'probe-set.yaml' && name !== 'tags.yaml';
}

/** Reads one record file (`*.yaml`/`*.yml`: a list; `*.jsonl`: one record a line), keeping lines. */
export function readRecordFile(path: string, shownAs: string): RecordFileResult {
  const text = readUtf8(path, shownAs);
  if (!text.ok) return { raws: [], problems: [text.problem] };
  return /\.jsonl$/i.test(path) ? jsonlRecords(text.text, shownAs) : yamlRecords(text.text, shownAs);
}

function yamlRecords(text: string, file: string): RecordFileResult {
  const parsed = parseYaml(text, file);
  if (!parsed.ok) return { raws: [], problems: parsed.problems };
  const { root, value, lineOf } = parsed.parsed;
  if (value === null || value === undefined) return { raws: [], problems: [] };
  if (!isYamlSequence(root) || !Array.isArray(value)) {
    return {
      raws: [],
      problems: [{ location: { file, line: lineOf(root, []) }, message: 'a record file must be a YAML list of records (`- id: …`)' }],
    };
  }
  const items = sequenceItems(root);
  const raws = value.map((v: unknown, i: number): Located => {
    const node = items[i] ?? null;
    return { value: v, file, line: lineOf(node, []), locate: (p) => lineOf(node, p) };
  });
  return { raws, problems: [] };
}

function jsonlRecords(text: string, file: string): RecordFileResult {
  const raws: Located[] = [];
  const problems: InputProblem[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((lineText, i) => {
    const line = i + 1;
    if (lineText.trim() === '') return;
    try {
      const value: unknown = JSON.parse(lineText);
      raws.push({ value, file, line, locate: () => line });
    } catch (err) {
      problems.push({ location: { file, line }, message: `JSON syntax: ${(err as Error).message}` });
    }
  });
  return { raws, problems };
}
