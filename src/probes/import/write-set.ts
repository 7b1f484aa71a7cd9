import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { InputError } from '../../errors.js';
import { META_FILE } from '../load.js';
import type { ProbeRecord, ProbeSetMeta } from '../schema.js';
import { displayPath } from '../source-text.js';

/**
 * Writes `probes/<name>/probe-set.yaml` + `probes.jsonl`. The set is written to a hidden scratch
 * folder and renamed into place, so a failure never leaves half a set; an existing set is only
 * replaced with `force`.
 */
export function writeProbeSet(probesDir: string, meta: ProbeSetMeta, records: readonly ProbeRecord[], force: boolean): string {
  const target = join(probesDir, meta.name);
  if (existsSync(target) && !force) {
    throw new InputError(`probe set folder ${displayPath(target)} already exists; pass --force to replace it`);
  }
  mkdirSync(probesDir, { recursive: true });
  const scratch = join(probesDir, `.${meta.name}.import-${process.pid}`);
  rmSync(scratch, { recursive: true, force: true });
  try {
    mkdirSync(scratch);
    writeFileSync(join(scratch, META_FILE), stringify(meta, { lineWidth: 0 }));
    writeFileSync(join(scratch, 'probes.jsonl'), records.map((r) => JSON.stringify(inFieldOrder(r))).join('\n') + '\n');
    if (existsSync(target)) {
      const old = join(probesDir, `.${meta.name}.replaced-${process.pid}`);
      renameSync(target, old);
      renameSync(scratch, target);
      rmSync(old, { recursive: true, force: true });
    } else {
      renameSync(scratch, target);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return target;
}

/** The field order of DESIGN.md, so written files read like hand-written ones. */
function inFieldOrder(r: ProbeRecord): ProbeRecord {
  const { id, category, prompt, messages, expect, group, tags, lang } = r;
  const { behavior, answer, aliases, match, tolerance } = expect;
  return { id, category, prompt, messages, expect: { behavior, answer, aliases, match, tolerance }, group, tags, lang };
}
