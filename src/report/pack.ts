import { gunzipSync, gzipSync } from 'node:zlib';

/** The reply texts as the page carries them. */
export interface PackedTexts {
  texts: string[];
  full: Record<string, string>;
}

/**
 * Reply texts gzip-compressed and base64-encoded: real replies are nearly all distinct, and as plain
 * JSON 20 candidates × 300 probes × 3 samples would not fit the 5 MB goal without cutting every reply
 * short. The page inflates them with the browser's own DecompressionStream (no network involved).
 */
export function packTexts(t: PackedTexts): string {
  return gzipSync(Buffer.from(JSON.stringify(t), 'utf8'), { level: 6 }).toString('base64');
}

export function unpackTexts(packed: string): PackedTexts {
  return JSON.parse(gunzipSync(Buffer.from(packed, 'base64')).toString('utf8')) as PackedTexts;
}
