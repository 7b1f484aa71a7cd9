import { createHash } from 'node:crypto';

/**
 * Canonical JSON: object keys sorted, no whitespace, undefined members dropped. Two values that
 * mean the same thing serialise to the same bytes, so their hash is a content version.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : sortKeys(v)));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Version of a list of records: sha256 of the canonical JSON of the records sorted by id. */
export function recordsVersion(records: readonly { id: string }[]): string {
  const sorted = [...records].sort((a, b) => compareIds(a.id, b.id));
  return sha256Hex(canonicalJson(sorted));
}

/** Byte-order comparison so the order (and hence the version) never depends on the locale. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
