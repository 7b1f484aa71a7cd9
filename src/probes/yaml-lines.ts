import { isMap, isScalar, isSeq, LineCounter, type Node } from 'yaml';
import type { InputProblem } from '../errors.js';
import { parseBoundedDocument } from './yaml-depth.js';

/** A path into a parsed value, as zod reports it. */
export type ValuePath = readonly PropertyKey[];

/** Finds the 1-based line of the value at a path (or the nearest enclosing node that exists). */
export type Locator = (path: ValuePath) => number;

export interface ParsedYaml {
  /** The document as plain data (null for an empty file). */
  value: unknown;
  /** The YAML node behind `value`, for locating children. */
  root: Node | null;
  lineOf: (node: Node | null | undefined, path: ValuePath) => number;
}

export type YamlResult = { ok: true; parsed: ParsedYaml } | { ok: false; problems: InputProblem[] };

/** Parses one YAML document, reporting syntax errors at the line the yaml library names. */
export function parseYaml(text: string, file: string): YamlResult {
  const lineCounter = new LineCounter();
  // Duplicate keys are errors (uniqueKeys), and YAML 1.2 core schema keeps `no` a string.
  const parsed = parseBoundedDocument(text, lineCounter, { prettyErrors: false, uniqueKeys: true });
  if (!parsed.ok) return { ok: false, problems: [{ location: { file, line: lineCounter.linePos(parsed.offset).line }, message: parsed.message }] };
  const { doc } = parsed;
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => ({
        location: { file, line: lineCounter.linePos(e.pos[0]).line },
        message: `YAML syntax: ${firstLine(e.message)}`,
      })),
    };
  }
  const root = (doc.contents ?? null) as Node | null;
  const lineOfOffset = (offset: number): number => lineCounter.linePos(offset).line;
  return {
    ok: true,
    parsed: {
      value: doc.toJS({ maxAliasCount: 100 }) as unknown,
      root,
      lineOf: (node, path) => lineAt(node ?? null, path, lineOfOffset),
    },
  };
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}

/**
 * Walks `path` down from `node`: through a map it stops at the key's line (where a person looks
 * for a field), through a sequence at the item's line. Stops early where the path leaves the
 * document, returning the deepest line found.
 */
function lineAt(node: Node | null, path: ValuePath, lineOfOffset: (o: number) => number): number {
  let current: unknown = node;
  let line = nodeLine(node, lineOfOffset) ?? 1;
  for (const seg of path) {
    if (isMap(current)) {
      const pair = current.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) break;
      line = nodeLine(pair.key as Node, lineOfOffset) ?? line;
      current = pair.value;
    } else if (isSeq(current) && typeof seg === 'number') {
      const item = current.items[seg];
      if (item === undefined) break;
      line = nodeLine(item as Node, lineOfOffset) ?? line;
      current = item;
    } else {
      break;
    }
  }
  return line;
}

function nodeLine(node: unknown, lineOfOffset: (o: number) => number): number | undefined {
  if (node && typeof node === 'object' && 'range' in node) {
    const range = (node as { range?: [number, number, number] | null }).range;
    if (range) return lineOfOffset(range[0]);
  }
  return undefined;
}

/** The nodes of the items of a top-level sequence, for locating each record. */
export function sequenceItems(root: Node | null): (Node | null)[] {
  if (isSeq(root)) return root.items.map((i) => (i ?? null) as Node | null);
  return [];
}

export function isYamlSequence(root: Node | null): boolean {
  return isSeq(root);
}
