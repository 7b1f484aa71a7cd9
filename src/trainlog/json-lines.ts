import { InputError } from '../errors.js';

/**
 * A JSON reader that remembers the line each object starts on, so a bad entry deep inside a
 * `log_history` array can be reported as `file:line`. Node 20's JSON.parse gives no position at all.
 * It also accepts the NaN / Infinity / -Infinity tokens that Python's json.dump writes for a
 * diverged loss: Hugging Face logs carry them, and the caller decides what a non-finite value means.
 */
export interface JsonWithLines {
  value: unknown;
  /** 1-based line on which an object or array literal starts. */
  lineOf(node: object): number | undefined;
}

export function parseJsonWithLines(text: string, file: string, firstLine = 1): JsonWithLines {
  const lines = new WeakMap<object, number>();
  let pos = 0;
  let line = firstLine;

  const fail = (message: string): never => {
    throw new InputError(`JSON syntax: ${message}`, { file, line });
  };
  const skipWs = (): void => {
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === 10) line++;
      else if (c !== 32 && c !== 9 && c !== 13) return;
      pos++;
    }
  };
  const describe = (): string => (pos >= text.length ? 'end of input' : JSON.stringify(text[pos]));
  const expect = (ch: string): void => {
    skipWs();
    if (text[pos] !== ch) fail(`expected '${ch}' but found ${describe()}`);
    pos++;
  };

  const parseString = (): string => {
    const start = pos;
    pos++; // opening quote
    for (;;) {
      const c = text[pos];
      if (c === undefined || c === '\n') fail('unterminated string');
      if (c === '"') break;
      if (c === '\\') pos++;
      else if (c! < ' ') fail('control character in string');
      pos++;
    }
    pos++;
    try {
      return JSON.parse(text.slice(start, pos)) as string;
    } catch {
      return fail('invalid escape in string');
    }
  };

  const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  const parseNumber = (): number => {
    for (const [token, value] of NON_FINITE) {
      if (text.startsWith(token, pos)) {
        pos += token.length;
        return value;
      }
    }
    NUMBER.lastIndex = pos;
    const m = NUMBER.exec(text);
    if (!m) return fail(`unexpected ${describe()}`);
    pos += m[0].length;
    return Number(m[0]);
  };

  const parseValue = (depth: number): unknown => {
    if (depth > 256) fail('nesting deeper than 256 levels');
    skipWs();
    const c = text[pos];
    if (c === '{') {
      const obj: Record<string, unknown> = {};
      lines.set(obj, line);
      pos++;
      skipWs();
      if (text[pos] === '}') {
        pos++;
        return obj;
      }
      for (;;) {
        skipWs();
        if (text[pos] !== '"') fail(`expected a property name but found ${describe()}`);
        const key = parseString();
        expect(':');
        // defineProperty: a key named __proto__ must stay plain data.
        Object.defineProperty(obj, key, { value: parseValue(depth + 1), enumerable: true, writable: true, configurable: true });
        skipWs();
        if (text[pos] === ',') {
          pos++;
          continue;
        }
        if (text[pos] === '}') {
          pos++;
          return obj;
        }
        fail(`expected ',' or '}' but found ${describe()}`);
      }
    }
    if (c === '[') {
      const arr: unknown[] = [];
      lines.set(arr, line);
      pos++;
      skipWs();
      if (text[pos] === ']') {
        pos++;
        return arr;
      }
      for (;;) {
        arr.push(parseValue(depth + 1));
        skipWs();
        if (text[pos] === ',') {
          pos++;
          continue;
        }
        if (text[pos] === ']') {
          pos++;
          return arr;
        }
        fail(`expected ',' or ']' but found ${describe()}`);
      }
    }
    if (c === '"') return parseString();
    for (const [token, value] of LITERALS) {
      if (text.startsWith(token, pos)) {
        pos += token.length;
        return value;
      }
    }
    return parseNumber();
  };

  if (text.charCodeAt(0) === 0xfeff) pos = 1; // byte-order mark
  const value = parseValue(0);
  skipWs();
  if (pos < text.length) fail(`unexpected ${describe()} after the end of the JSON value`);
  return { value, lineOf: (node) => lines.get(node) };
}

const LITERALS: ReadonlyArray<[string, unknown]> = [
  ['true', true],
  ['false', false],
  ['null', null],
];
const NON_FINITE: ReadonlyArray<[string, number]> = [
  ['NaN', Number.NaN],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['-Infinity', Number.NEGATIVE_INFINITY],
];
