import { canonicalJson } from './canonical.js';
import type { ProbeRecord } from './schema.js';

export interface ProbeChange {
  id: string;
  /** Fields that differ, dotted for expect's members (`expect.answer`). */
  fields: string[];
}

export interface ProbeSetDiff {
  added: string[];
  removed: string[];
  changed: ProbeChange[];
}

/** What changed from set `a` to set `b`, by probe id. */
export function diffProbeSets(a: { records: readonly ProbeRecord[] }, b: { records: readonly ProbeRecord[] }): ProbeSetDiff {
  const before = new Map(a.records.map((r) => [r.id, r]));
  const after = new Map(b.records.map((r) => [r.id, r]));
  const added = [...after.keys()].filter((id) => !before.has(id)).sort();
  const removed = [...before.keys()].filter((id) => !after.has(id)).sort();
  const changed: ProbeChange[] = [];
  for (const [id, old] of before) {
    const now = after.get(id);
    if (!now) continue;
    const fields = changedFields(old, now);
    if (fields.length > 0) changed.push({ id, fields });
  }
  changed.sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  return { added, removed, changed };
}

function changedFields(a: ProbeRecord, b: ProbeRecord): string[] {
  const out: string[] = [];
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof ProbeRecord>;
  for (const key of [...keys].sort()) {
    if (key === 'expect') {
      const ek = new Set([...Object.keys(a.expect), ...Object.keys(b.expect)]) as Set<keyof ProbeRecord['expect']>;
      for (const k of [...ek].sort()) {
        if (canonicalJson(a.expect[k]) !== canonicalJson(b.expect[k])) out.push(`expect.${k}`);
      }
    } else if (canonicalJson(a[key]) !== canonicalJson(b[key])) {
      out.push(key);
    }
  }
  return out;
}
