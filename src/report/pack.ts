import { gunzipSync, gzipSync } from 'node:zlib';

/**
 * JSON gzip-compressed and base64-encoded, for the bulk of the explorer's data (reply texts, outcome
 * codes): real replies are nearly all distinct, and as plain JSON 20 candidates × 300 probes × 3
 * samples would not fit the 5 MB goal without cutting every reply short. The page inflates them with
 * the browser's own DecompressionStream (no network involved).
 */
export function packJson(value: unknown): string {
  return gzip(Buffer.from(JSON.stringify(value), 'utf8'));
}

/**
 * packJson, remembered by object identity, for a value that no longer changes: the reply texts are
 * packed to check them against the size budget and again when the page is written (~0.2 s each at a
 * million replies).
 */
export function packJsonOnce(value: object): string {
  const known = packed.get(value);
  if (known !== undefined) return known;
  const out = packJson(value);
  packed.set(value, out);
  return out;
}
const packed = new WeakMap<object, string>();

export function unpackJson<T>(packed: string): T {
  return JSON.parse(gunzipSync(Buffer.from(packed, 'base64')).toString('utf8')) as T;
}

/** 32-bit integers as little-endian bytes, gzip-compressed and base64-encoded (read back with a DataView). */
export function packInt32(values: Int32Array): string {
  const bytes = Buffer.alloc(values.length * 4);
  for (let i = 0; i < values.length; i++) bytes.writeInt32LE(values[i]!, i * 4);
  return gzip(bytes);
}

export function unpackInt32(packed: string): Int32Array {
  const bytes = gunzipSync(Buffer.from(packed, 'base64'));
  const out = new Int32Array(bytes.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = bytes.readInt32LE(i * 4);
  return out;
}

/** Level 4: within 2% of level 6's size on reply texts at a third of the time (BENCHMARKS.md, Report). */
function gzip(bytes: Buffer): string {
  return gzipSync(bytes, { level: 4 }).toString('base64');
}
