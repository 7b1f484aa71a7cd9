import { createReadStream } from 'node:fs';

/** One piece of training text and where it came from. */
export interface TrainingText {
  file: string;
  line: number;
  text: string;
}

/** Longest piece of one line handled at once; longer lines are cut into overlapping windows. */
const MAX_SEGMENT_CHARS = 1 << 20;
const SEGMENT_OVERLAP_CHARS = 512;

/**
 * Streams the lines of a file (any size) with bounded memory: at most one segment of a line is
 * held at a time. A line longer than MAX_SEGMENT_CHARS is yielded in overlapping windows, each
 * marked `partial`, so an n-gram that straddles a cut is still seen.
 */
export async function* streamLines(file: string): AsyncGenerator<{ line: number; text: string; partial: boolean }> {
  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 });
  let carry = '';
  let line = 1;
  let long = false;
  for await (const chunk of stream as AsyncIterable<string>) {
    let start = 0;
    let nl = chunk.indexOf('\n', start);
    while (nl !== -1) {
      yield { line, text: carry + chunk.slice(start, nl), partial: long };
      carry = '';
      long = false;
      line++;
      start = nl + 1;
      nl = chunk.indexOf('\n', start);
    }
    carry += chunk.slice(start);
    while (carry.length > MAX_SEGMENT_CHARS) {
      yield { line, text: carry.slice(0, MAX_SEGMENT_CHARS), partial: true };
      long = true;
      carry = carry.slice(MAX_SEGMENT_CHARS - SEGMENT_OVERLAP_CHARS);
    }
  }
  if (carry.length > 0) yield { line, text: carry, partial: long };
}

/** The texts of one JSON training record in the common shapes (chat, alpaca, sharegpt), else every string in it. */
export function textsOfRecord(value: unknown): string[] {
  const out: string[] = [];
  collectStrings(value, out, 0);
  return out;
}

function collectStrings(value: unknown, out: string[], depth: number): void {
  // Deep nesting is not a training-data shape; stop rather than recurse without bound.
  if (depth > 32) return;
  if (typeof value === 'string') {
    out.push(value);
  } else if (Array.isArray(value)) {
    for (const v of value) collectStrings(v, out, depth + 1);
  } else if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    // chat {messages:[{role, content}]}, sharegpt {conversations:[{from, value}]}, alpaca {instruction,input,output}:
    // every one of them is covered by walking the string values; role/from labels are skipped.
    for (const [k, v] of Object.entries(record)) {
      if (k === 'role' || k === 'from' || k === 'id') continue;
      collectStrings(v, out, depth + 1);
    }
  }
}

export interface ScanStats {
  lines: number;
  chars: number;
  malformedJsonLines: number;
  /** Lines longer than one read segment, scanned as text in overlapping windows (JSON not parsed). */
  longLines: number;
}

/** JSON string escapes in raw JSON text, so a window of an over-long JSON line reads as its text. */
function unescapeJsonText(raw: string): string {
  return raw
    .replace(/\\u([0-9a-fA-F]{4})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    .replace(/\\[nrtbf]/g, ' ')
    .replace(/\\(["\\/])/g, '$1');
}

/**
 * Yields every training text of a file. `.jsonl`/`.json` lines are parsed as JSON records; a line
 * that is not JSON is counted in `stats.malformedJsonLines` and scanned as plain text (training
 * files often carry a stray header), so nothing is skipped silently. A line too long to hold at
 * once is scanned in windows as text (JSON escapes undone), and counted in `stats.longLines`.
 */
export async function* trainingTexts(file: string, stats: ScanStats): AsyncGenerator<TrainingText> {
  const jsonLines = /\.jsonl?$/i.test(file);
  let lastLong = 0;
  for await (const { line, text, partial } of streamLines(file)) {
    stats.lines = line;
    if (partial) {
      if (lastLong !== line) stats.longLines++;
      lastLong = line;
      stats.chars += text.length;
      yield { file, line, text: jsonLines ? unescapeJsonText(text) : text };
      continue;
    }
    stats.chars += text.length + 1;
    if (!text.trim()) continue;
    if (jsonLines) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        stats.malformedJsonLines++;
        yield { file, line, text };
        continue;
      }
      for (const t of textsOfRecord(parsed)) yield { file, line, text: t };
    } else {
      yield { file, line, text };
    }
  }
}
