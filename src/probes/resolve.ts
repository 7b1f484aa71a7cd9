import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InputError } from '../errors.js';
import type { Db } from '../store/db.js';
import { listSnapshots, listTags, loadSnapshot, resolveTag } from '../store/probesets.js';
import { withExistingStore } from '../store/readonly.js';
import { probeSearchPath, type Workspace } from '../workspace.js';
import { assembleSet, loadProbeSetDir, type LoadedProbeSet } from './load.js';

export interface ProbeSetLocation {
  name: string;
  dir: string;
  /** builtin: shipped with stoppoint; workspace: the user's own probes/ folder. */
  where: 'workspace' | 'builtin';
  /** A workspace set with the name of a built-in one hides the built-in. */
  shadowsBuiltin: boolean;
}

/** Probe-set folders visible from a workspace; a workspace set shadows a built-in of the same name. */
export function discoverProbeSets(ws: Workspace): ProbeSetLocation[] {
  const found = new Map<string, ProbeSetLocation>();
  const builtin = resolve(ws.builtinProbesDir);
  for (const base of probeSearchPath(ws)) {
    const where = resolve(base) === builtin ? 'builtin' : 'workspace';
    for (const name of readdirSync(base).sort()) {
      const dir = join(base, name);
      // Hidden folders are an importer's scratch space, not sets.
      if (name.startsWith('.') || !statSync(dir).isDirectory()) continue;
      const earlier = found.get(name);
      if (earlier) {
        earlier.shadowsBuiltin = where === 'builtin';
        continue;
      }
      found.set(name, { name, dir, where, shadowsBuiltin: false });
    }
  }
  return [...found.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export interface ProbeSetSpec {
  name: string;
  /** A version prefix (hex) or a tag. */
  at?: string;
}

export function parseProbeSetSpec(spec: string): ProbeSetSpec {
  const m = /^([A-Za-z0-9._-]+)(?:@([A-Za-z0-9._-]+))?$/.exec(spec);
  if (!m || !m[1]) throw new InputError(`bad probe set "${spec}": write NAME, NAME@VERSION (8 hex) or NAME@TAG`);
  return m[2] === undefined ? { name: m[1] } : { name: m[1], at: m[2] };
}

/**
 * Resolves `name`, `name@hexprefix` or `name@tag`. The current files answer when their version
 * matches; an older version is read from the store's snapshot. Pass `db` when the caller already
 * has the store open; otherwise it is opened read-only, and only if it exists.
 */
export function resolveProbeSets(ws: Workspace, specs: readonly string[], db?: Db): LoadedProbeSet[] {
  const parsed = specs.map(parseProbeSetSpec);
  const run = (store: Db | undefined): LoadedProbeSet[] => parsed.map((s) => resolveOne(ws, s, store));
  return db ? run(db) : withExistingStore(ws.storePath, run);
}

function resolveOne(ws: Workspace, spec: ProbeSetSpec, db: Db | undefined): LoadedProbeSet {
  const location = discoverProbeSets(ws).find((l) => l.name === spec.name);
  const stored = db ? listSnapshots(db, spec.name) : [];
  if (!location && stored.length === 0) {
    const known = discoverProbeSets(ws).map((l) => l.name);
    throw new InputError(
      `unknown probe set \`${spec.name}\`; known sets: ${known.length > 0 ? known.join(', ') : '(none)'}` +
        ` (searched ${probeSearchPath(ws).join(', ') || ws.probesDir})`,
    );
  }
  if (spec.at === undefined) {
    if (location) return loadProbeSetDir(location.dir);
    throw new InputError(
      `probe set \`${spec.name}\` has no folder any more; name a stored version: ` +
        stored.map((s) => `${spec.name}@${s.version.slice(0, 8)}`).join(', '),
    );
  }
  // The current files may be broken while an old version is asked for: keep the error for later.
  let current: LoadedProbeSet | undefined;
  let loadError: unknown;
  if (location) {
    try {
      current = loadProbeSetDir(location.dir);
    } catch (err) {
      loadError = err;
    }
  }
  const byVersion = (full: string): LoadedProbeSet | undefined => {
    if (current && current.version.startsWith(full)) return current;
    const snap = db ? loadSnapshot(db, spec.name, full) : undefined;
    return snap ? assembleSet(snap.meta, '', 'snapshot', snap.records) : undefined;
  };
  const at = spec.at;
  const hit = (/^[0-9a-f]{4,64}$/.test(at) ? byVersion(at) : undefined) ?? fromTag(at);
  if (hit) return hit;
  if (loadError) throw loadError;
  throw new InputError(describeMissing(spec.name, at, current, db));

  function fromTag(tag: string): LoadedProbeSet | undefined {
    const full = db ? resolveTag(db, spec.name, tag) : undefined;
    return full ? byVersion(full) : undefined;
  }
}

function describeMissing(name: string, at: string, current: LoadedProbeSet | undefined, db: Db | undefined): string {
  const parts = [`probe set \`${name}\` has no version or tag \`${at}\``];
  if (current) parts.push(`current version: ${current.ref}`);
  if (db) {
    const versions = listSnapshots(db, name).map((s) => s.version.slice(0, 8));
    const tags = listTags(db, name).map((t) => `${t.tag} (${t.version.slice(0, 8)})`);
    if (versions.length > 0) parts.push(`stored versions: ${versions.join(', ')}`);
    if (tags.length > 0) parts.push(`tags: ${tags.join(', ')}`);
  } else {
    parts.push('older versions are read from the store, and there is none yet');
  }
  return parts.join('; ');
}

/** True when a folder for this set exists in the workspace itself (where imports write). */
export function workspaceHasSet(ws: Workspace, name: string): boolean {
  return existsSync(join(ws.probesDir, name));
}
