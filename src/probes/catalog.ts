import { InputError } from '../errors.js';
import { openDb } from '../store/db.js';
import { listTags, saveProbeSetSnapshot, setTag, type TagInfo } from '../store/probesets.js';
import { withExistingStore } from '../store/readonly.js';
import type { Workspace } from '../workspace.js';
import { diffProbeSets, type ProbeSetDiff } from './diff.js';
import { lintProbeSet, type Finding } from './lint.js';
import { loadProbeSetDir, type LoadedProbeSet } from './load.js';
import { discoverProbeSets, parseProbeSetSpec, resolveProbeSets, type ProbeSetLocation } from './resolve.js';
import type { ProbeRecord } from './schema.js';

export interface ProbeSetSummary extends ProbeSetLocation {
  /** null when the set's files do not load (see problems). */
  ref: string | null;
  version: string | null;
  count: number;
  byCategory: Record<string, number>;
  byBehavior: Record<string, number>;
  byLang: Record<string, number>;
  tags: { tag: string; version: string }[];
  problems: string[];
}

/** Every visible set with its current version and counts; a set that fails to load lists its problems. */
export function listProbeSets(ws: Workspace): ProbeSetSummary[] {
  const tags = withExistingStore(ws.storePath, (db) => (db ? listTags(db) : []));
  return discoverProbeSets(ws).map((loc) => {
    const setTags = tags.filter((t) => t.name === loc.name).map((t) => ({ tag: t.tag, version: t.version }));
    try {
      const set = loadProbeSetDir(loc.dir);
      return { ...loc, ref: set.ref, version: set.version, ...counts(set.records), tags: setTags, problems: [] };
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      const empty = { count: 0, byCategory: {}, byBehavior: {}, byLang: {} };
      return { ...loc, ref: null, version: null, ...empty, tags: setTags, problems: err.message.split('\n') };
    }
  });
}

function counts(records: readonly ProbeRecord[]): Pick<ProbeSetSummary, 'count' | 'byCategory' | 'byBehavior' | 'byLang'> {
  const tally = (key: (r: ProbeRecord) => string): Record<string, number> => {
    const out: Record<string, number> = {};
    for (const r of records) out[key(r)] = (out[key(r)] ?? 0) + 1;
    return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
  };
  return {
    count: records.length,
    byCategory: tally((r) => r.category),
    byBehavior: tally((r) => r.expect.behavior),
    byLang: tally((r) => r.lang ?? '(none)'),
  };
}

export interface ShownProbeSet {
  set: LoadedProbeSet;
  /** The records asked for: all, or the one named by id. */
  records: ProbeRecord[];
}

export function showProbeSet(ws: Workspace, spec: string, id?: string): ShownProbeSet {
  const [set] = resolveProbeSets(ws, [spec]);
  if (!set) throw new InputError(`probe set ${spec} not found`);
  if (id === undefined) return { set, records: set.records };
  const record = set.records.find((r) => r.id === id);
  if (!record) throw new InputError(`probe set ${set.ref} has no probe \`${id}\``);
  return { set, records: [record] };
}

export interface SpecDiff extends ProbeSetDiff {
  from: string;
  to: string;
}

export function diffProbeSetSpecs(ws: Workspace, a: string, b: string): SpecDiff {
  const [from, to] = resolveProbeSets(ws, [a, b]);
  if (!from || !to) throw new InputError('diff needs two probe sets');
  return { from: from.ref, to: to.ref, ...diffProbeSets(from, to) };
}

export interface SetLint {
  set: string;
  ref: string | null;
  errors: Finding[];
  warnings: Finding[];
}

/** Lints one set (NAME or NAME@VERSION) or every visible set; a set that does not load reports why. */
export function lintProbeSets(ws: Workspace, spec?: string): SetLint[] {
  const specs = spec === undefined ? discoverProbeSets(ws).map((l) => l.name) : [spec];
  return specs.map((s) => {
    try {
      const [set] = resolveProbeSets(ws, [s]);
      if (!set) throw new InputError(`probe set ${s} not found`);
      return { set: set.meta.name, ref: set.ref, ...lintProbeSet(set) };
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      const errors: Finding[] = err.problems.map((p) => ({
        code: 'invalid-input',
        file: p.location?.file ?? null,
        line: p.location?.line ?? null,
        ids: [],
        message: p.message,
      }));
      return { set: parseProbeSetSpec(s).name, ref: null, errors, warnings: [] };
    }
  });
}

export interface TagResult {
  ref: string;
  tag: string;
  version: string;
}

// A tag that looked like hex could be mistaken for a version prefix.
const TAG = /^[A-Za-z][A-Za-z0-9._-]*$/;

/**
 * Names a version. Saves the version's snapshot first, so the tag stays readable after the files
 * change. This writes the store (creating it if needed), unlike the listing commands.
 */
export function tagProbeSet(ws: Workspace, spec: string, tag: string, opts: { force?: boolean; now?: Date } = {}): TagResult {
  if (!TAG.test(tag) || /^[0-9a-f]{4,64}$/.test(tag)) {
    throw new InputError(`bad tag "${tag}": start with a letter, use letters, digits, . _ -, and do not use an all-hex word`);
  }
  // Resolve before opening for writing, so a bad name or version creates no store.
  const [set] = resolveProbeSets(ws, [spec]);
  if (!set) throw new InputError(`probe set ${spec} not found`);
  const db = openDb(ws.storePath);
  try {
    db.transaction(() => {
      saveProbeSetSnapshot(db, set, opts.now);
      setTag(db, set.meta.name, tag, set.version, { move: opts.force ?? false, now: opts.now });
    })();
    return { ref: set.ref, tag, version: set.version };
  } finally {
    db.close();
  }
}

export type { TagInfo };
