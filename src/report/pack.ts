import { gunzipSync, gzipSync } from 'node:zlib';

/**
 * JSON gzip-compressed and base64-encoded, for the reply texts the page carries: real replies are
 * nearly all distinct, and as plain JSON 20 candidates × 300 probes × 3 samples would not fit the
 * 5 MB goal without cutting every reply short. The page inflates them with the browser's own
 * DecompressionStream (no network involved).
 */
export function packJson(value: unknown): string {
  return gzipSync(Buffer.from(JSON.stringify(value), 'utf8'), { level: 6 }).toString('base64');
}

export function unpackJson<T>(packed: string): T {
  return JSON.parse(gunzipSync(Buffer.from(packed, 'base64')).toString('utf8')) as T;
}
