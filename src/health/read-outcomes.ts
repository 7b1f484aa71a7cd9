import { COMPARABLE_PAIRS } from '../metrics/agreement.js';
import { ProbeCatalog } from '../metrics/compute.js';
import { consistencyTallies } from '../metrics/families/consistency.js';
import type { ProbeInfo } from '../metrics/probe-data.js';
import { canonicalJson } from '../probes/canonical.js';
import type { ProbeRecord } from '../probes/schema.js';
import type { Db } from '../store/db.js';
import { graderPairByProbe, sampleTotals, versionProbes, type EvaluationRow } from '../store/health-queries.js';
import { groupSamples, type GroupSample } from '../store/metric-queries.js';
import { OutcomeTable, type GroupOutcome, type HealthProbe, type PairOutcome } from './outcomes.js';
import { outcomeScore } from './sample-score.js';

/** Everything probe-health findings read, gathered from the store in one streaming pass per evaluation. */
export interface StoredOutcomes {
  table: OutcomeTable;
  groups: GroupOutcome[];
  pairs: PairOutcome[];
}

/** A version's probe rows that are the very records of the target set (same id, same content). */
interface VersionMap {
  /** probe row -> index of the target probe, with the row's metric facts. */
  rows: Map<number, { probe: number; info: ProbeInfo }>;
  /** Target groups whose members are all present, unchanged, and alone in their group in this version. */
  groups: Map<string, ProbeInfo[]>;
}

/**
 * Reads per-reply outcomes of the target records from every evaluation. A probe's history is the
 * results of versions holding the identical record: a rewritten probe starts afresh.
 */
export function readOutcomes(db: Db, records: readonly ProbeRecord[], evaluations: readonly EvaluationRow[]): StoredOutcomes {
  const probes: HealthProbe[] = records.map((r) => ({
    id: r.id, category: r.category, behavior: r.expect.behavior, group: r.group ?? null, tags: r.tags ?? [], lang: r.lang ?? null,
  }));
  const table = new OutcomeTable(probes, evaluations.map((e) => ({ candidate: e.candidate, experiment: e.experiment, version: e.version, order: e.runId })));
  const catalog = new ProbeCatalog(db, false);
  const maps = new Map<number, VersionMap>();
  const mapOf = (e: EvaluationRow): VersionMap => {
    let m = maps.get(e.setVersionId);
    if (!m) {
      m = versionMap(db, records, catalog.get(e).probes, e.setVersionId);
      maps.set(e.setVersionId, m);
    }
    return m;
  };
  const groups: GroupOutcome[] = [];
  const pairs = new Map<string, PairOutcome>();
  evaluations.forEach((e, index) => {
    const map = mapOf(e);
    for (const t of sampleTotals(db, e.candidateId, e.setVersionId, e.repeats)) {
      const hit = map.rows.get(t.probeRow);
      const score = hit ? outcomeScore(hit.info, t) : null;
      if (hit && score !== null) table.add({ evaluation: index, probe: hit.probe, score });
    }
    groups.push(...groupOutcomes(db, e, index, map, table));
    for (const [rule, judge] of COMPARABLE_PAIRS) {
      for (const row of graderPairByProbe(db, e.candidateId, e.setVersionId, e.repeats, [rule, judge])) {
        const hit = map.rows.get(row.probeRow);
        if (!hit) continue;
        const id = probes[hit.probe]!.id;
        const key = `${id}\u0000${rule}`;
        const acc = pairs.get(key) ?? { probe: id, rule, judge, both: 0, differ: 0 };
        acc.both += row.both;
        acc.differ += row.differ;
        pairs.set(key, acc);
      }
    }
  });
  return { table, groups, pairs: [...pairs.values()] };
}

function versionMap(db: Db, records: readonly ProbeRecord[], infos: readonly ProbeInfo[], setVersionId: number): VersionMap {
  const target = new Map(records.map((r, i) => [r.id, { index: i, json: canonicalJson(r) }]));
  const infoOf = new Map(infos.map((i) => [i.row, i]));
  const rows = new Map<number, { probe: number; info: ProbeInfo }>();
  const membersByGroup = new Map<string, ProbeInfo[]>();
  for (const p of versionProbes(db, setVersionId)) {
    const info = infoOf.get(p.row)!;
    if (info.group !== null) membersByGroup.set(info.group, [...(membersByGroup.get(info.group) ?? []), info]);
    const t = target.get(p.probeId);
    if (t && t.json === p.recordJson) rows.set(p.row, { probe: t.index, info });
  }
  // A group counts only when this version's group is exactly the target's (same records, no others).
  const groups = new Map<string, ProbeInfo[]>();
  const targetGroups = new Map<string, number>();
  for (const r of records) if (r.group !== undefined) targetGroups.set(r.group, (targetGroups.get(r.group) ?? 0) + 1);
  for (const [group, size] of targetGroups) {
    const members = membersByGroup.get(`group:${group}`) ?? [];
    if (members.length === size && members.every((m) => rows.has(m.row))) groups.set(group, members);
  }
  return { rows, groups };
}

function groupOutcomes(db: Db, e: EvaluationRow, index: number, map: VersionMap, table: OutcomeTable): GroupOutcome[] {
  const samples = new Map<string, GroupSample[]>();
  for (const s of groupSamples(db, e.candidateId, e.setVersionId, e.repeats)) {
    if (map.groups.has(s.grp)) samples.set(s.grp, [...(samples.get(s.grp) ?? []), s]);
  }
  const out: GroupOutcome[] = [];
  for (const [group, members] of map.groups) {
    const [t] = consistencyTallies([{ key: group, members, repeats: e.repeats, samples: samples.get(group) ?? [] }])['consistency.agreement'];
    const memberMeans: Record<string, number | null> = {};
    for (const m of members) {
      const p = map.rows.get(m.row)!.probe;
      const c = table.cell(index, p);
      memberMeans[table.probes[p]!.id] = c ? c.sum / c.n : null;
    }
    out.push({ evaluation: index, group, n: t!.n, coherent: t!.sum, members: memberMeans });
  }
  return out;
}
