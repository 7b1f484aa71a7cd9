import { isMap, isPair, isScalar, isSeq, LineCounter, type Document, type Node } from 'yaml';
import { readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { InputError, type InputProblem } from '../errors.js';
import { parseBoundedDocument } from '../probes/yaml-depth.js';

/** A YAML file parsed with positions, so a problem at a data path can name its line. */
export interface YamlSource {
  file: string;
  value: unknown;
  /** 1-based line of the node at `path` (a key's line for a mapping entry); nearest existing ancestor otherwise. */
  lineOf(path: readonly PropertyKey[]): number;
  /** The scalar value at `path`, if there is one. */
  valueAt(path: readonly PropertyKey[]): unknown;
  /** Syntax errors, each with its line; empty when the file parsed. */
  problems: InputProblem[];
}

export function parseYamlSource(text: string, file: string): YamlSource {
  const lineCounter = new LineCounter();
  const parsed = parseBoundedDocument(text, lineCounter, { prettyErrors: false, uniqueKeys: true });
  if (!parsed.ok) {
    // Too deep to compose: there is no document to locate anything in.
    const problems = [{ location: { file, line: lineCounter.linePos(parsed.offset).line }, message: parsed.message }];
    return { file, value: undefined, problems, lineOf: () => 1, valueAt: () => undefined };
  }
  const { doc } = parsed;
  const problems: InputProblem[] = doc.errors.map((e) => ({
    location: { file, line: lineCounter.linePos(e.pos[0]).line },
    message: `YAML syntax: ${firstLine(e.message)}`,
  }));
  const lineAt = (offset: number): number => lineCounter.linePos(offset).line;
  return {
    file,
    value: problems.length ? undefined : doc.toJS({ maxAliasCount: 100 }),
    problems,
    lineOf: (path) => lineAt(offsetOf(doc, path)),
    valueAt: (path) => {
      const node = doc.getIn(path.map(String).map(keyOrIndex), true);
      return isScalar(node) ? node.value : node;
    },
  };
}

function firstLine(s: string): string {
  return s.split('\n')[0] ?? s;
}

/** YAML sequences are indexed by number; zod paths give numbers for array items already. */
function keyOrIndex(k: string): string | number {
  return /^\d+$/.test(k) ? Number(k) : k;
}

/** Start offset of the deepest node along `path`: the key of a mapping entry, else the item itself. */
function offsetOf(doc: Document, path: readonly PropertyKey[]): number {
  let node: unknown = doc.contents;
  let offset = rangeStart(node) ?? 0;
  for (const raw of path) {
    const key = typeof raw === 'number' ? raw : keyOrIndex(String(raw));
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(key));
      if (!pair) break;
      offset = rangeStart(pair.key) ?? rangeStart(pair.value) ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof key === 'number') {
      const item = node.items[key];
      if (item === undefined) break;
      offset = rangeStart(item) ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return offset;
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range ? range[0] : undefined;
}

/** A data path as a person reads it: `candidates[2].intent.metric`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out;
}

/** A file path for messages: relative to the current directory when inside it, else absolute. */
export function displayPath(abs: string): string {
  const rel = relative(process.cwd(), abs);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : abs;
}

/** Reads a user's file (a plan, a scenario); a missing or unreadable one is bad input naming it. */
export function readUserFile(path: string, what: string): { abs: string; file: string; text: string } {
  const abs = resolve(path);
  const file = displayPath(abs);
  try {
    return { abs, file, text: readFileSync(abs, 'utf8') };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(code === 'ENOENT' ? `${what} file not found: ${file}` : `cannot read ${what} ${file}: ${code ?? String(err)}`);
  }
}
