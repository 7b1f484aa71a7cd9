import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { InputError, type InputProblem } from '../errors.js';
import { recordsVersion } from './canonical.js';
import { checkRecords, type RecordSource } from './records.js';
import { isRecordFile, readRecordFile } from './record-files.js';
import { ProbeRecord, ProbeSetMeta } from './schema.js';
import { displayPath, readUtf8 } from './source-text.js';
import { checkWith, type Located } from './validate.js';
import { parseYaml } from './yaml-lines.js';

/** A probe set read and validated, with its content version. */
export interface LoadedProbeSet {
  meta: ProbeSetMeta;
  /** The folder it was read from; empty for a set read back from a store snapshot. */
  dir: string;
  /** Where the records came from: the set's files, or the store's snapshot of an older version. */
  origin: 'files' | 'snapshot';
  /** Sorted by id. */
  records: ProbeRecord[];
  /** Full sha256 hex of the canonical records. */
  version: string;
  shortVersion: string;
  /** `name@8hex` */
  ref: string;
  /** File and line of each record (empty for a snapshot). */
  sourceOf: Map<string, RecordSource>;
}

export const META_FILE = 'probe-set.yaml';

/**
 * Reads `probe-set.yaml` and every record file of a set folder. Every problem in every file is
 * collected and thrown as one InputError, so a user fixes them all in one pass.
 */
export function loadProbeSetDir(dir: string): LoadedProbeSet {
  const problems: InputProblem[] = [];
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new InputError(`probe set folder not found: ${displayPath(dir)}`);
  }
  const meta = readMeta(dir, problems);
  const raws: Located[] = [];
  const files = readdirSync(dir).filter(isRecordFile).sort();
  for (const name of files) {
    const path = join(dir, name);
    const read = readRecordFile(path, displayPath(path));
    // Loops, not push(...xs): spreading a 200k-record file as arguments overflows the stack.
    for (const r of read.raws) raws.push(r);
    for (const p of read.problems) problems.push(p);
  }
  const checked = checkRecords(raws);
  for (const p of checked.problems) problems.push(p);
  if (problems.length === 0 && checked.records.length === 0) {
    problems.push({
      location: { file: displayPath(dir) },
      message: 'the probe set has no records: add *.yaml (a list of records) or *.jsonl files',
    });
  }
  if (problems.length > 0 || !meta) throw new InputError(sortProblems(problems));
  return assembleSet(meta, dir, 'files', checked.records, checked.sourceOf);
}

/** Builds the loaded form (version, ref) from validated parts. */
export function assembleSet(
  meta: ProbeSetMeta,
  dir: string,
  origin: LoadedProbeSet['origin'],
  records: ProbeRecord[],
  sourceOf: Map<string, RecordSource> = new Map(),
): LoadedProbeSet {
  const version = recordsVersion(records);
  const shortVersion = version.slice(0, 8);
  return { meta, dir, origin, records, version, shortVersion, ref: `${meta.name}@${shortVersion}`, sourceOf };
}

function readMeta(dir: string, problems: InputProblem[]): ProbeSetMeta | undefined {
  const path = join(dir, META_FILE);
  const file = displayPath(path);
  if (!existsSync(path)) {
    problems.push({ location: { file }, message: `missing ${META_FILE} (name, description) in the probe set folder` });
    return undefined;
  }
  const text = readUtf8(path, file);
  if (!text.ok) {
    problems.push(text.problem);
    return undefined;
  }
  const parsed = parseYaml(text.text, file);
  if (!parsed.ok) {
    problems.push(...parsed.problems);
    return undefined;
  }
  const { root, value, lineOf } = parsed.parsed;
  const src: Located = { value: value ?? {}, file, line: lineOf(root, []), locate: (p) => lineOf(root, p) };
  const checked = checkWith(ProbeSetMeta, src, META_FILE, { '': ['name', 'description', 'owner', 'notes'] });
  if (!checked.ok) {
    problems.push(...checked.problems);
    return undefined;
  }
  // The folder name is how a set is found; a different `name` inside would make two names for one set.
  if (checked.value.name !== basename(dir)) {
    problems.push({
      location: { file, line: src.locate(['name']) },
      message: `name \`${checked.value.name}\` differs from the folder name \`${basename(dir)}\`; make them the same`,
    });
    return undefined;
  }
  return checked.value;
}

/** Problems in file order, then line order, so the output reads top to bottom. */
export function sortProblems(problems: InputProblem[]): InputProblem[] {
  const key = (p: InputProblem): [string, number] => [p.location?.file ?? '', p.location?.line ?? 0];
  return [...problems].sort((a, b) => {
    const [fa, la] = key(a);
    const [fb, lb] = key(b);
    return fa < fb ? -1 : fa > fb ? 1 : la - lb;
  });
}
