import { InputError } from '../errors.js';
import { candidateProbeData, familyTallies, ProbeCatalog } from '../metrics/compute.js';
import type { UnitTally } from '../metrics/estimate.js';
import { METRIC_NAMES, type MetricName } from '../metrics/registry.js';
import { diffProbeSets, type ProbeSetDiff } from '../probes/diff.js';
import { resolveProbeSets } from '../probes/resolve.js';
import type { ProbeRecord } from '../probes/schema.js';
import type { Db } from '../store/db.js';
import { setEvaluations, type EvaluationRow } from '../store/health-queries.js';
import type { Workspace } from '../workspace.js';
import { requireExperiments } from './probe-health.js';

/**
 * `probes diff A B --results`: what an edit of a probe set does to the numbers.
 *
 * For a candidate evaluated on both versions, a metric moves from its value on A to its value on
 * B. The move is split exactly into four steps taken in order, each the change of the pooled
 * metric (graded sum / graded count, as metrics compute it) when:
 *   removed — A's removed units are dropped;
 *   changed — the changed units' A results are replaced by their B results;
 *   added   — B's added units join;
 *   rerun   — the unchanged units' A results are replaced by their B results (run-to-run noise).
 * The four add up to B − A. A unit is a probe, or a paraphrase group for consistency.agreement (a
 * group is changed when any member is added, removed or changed). Each edited unit also gets its
 * own effect: the change of its step's starting value when only that unit is removed, swapped or
 * added. Candidates evaluated on one version only get the value there and the value on the probes
 * unchanged by the edit: what their number would be without the edited probes.
 */

export type UnitChange = '+' | '-' | '~';

export interface StepParts {
  removed: number | null;
  changed: number | null;
  added: number | null;
  rerun: number | null;
}

export interface ProbeEffect {
  unit: string;
  change: UnitChange;
  /** Mean over candidates on both versions of the unit's own effect on the metric. */
  effect: number | null;
  /** Mean unit score on each version (null where the unit does not exist). */
  from: number | null;
  to: number | null;
}

export interface MetricMove {
  metric: MetricName;
  /** Means over the candidates evaluated on both versions. */
  from: number | null;
  to: number | null;
  delta: number | null;
  parts: StepParts;
  /** Edited units, largest |effect| first. */
  probes: ProbeEffect[];
}

export interface CandidateMove {
  candidate: string;
  metrics: { metric: MetricName; from: number | null; to: number | null; delta: number | null; parts: StepParts }[];
}

export interface OneSided {
  candidate: string;
  metrics: { metric: MetricName; value: number | null; unchanged: number | null }[];
}

export interface ResultsDiff extends ProbeSetDiff {
  from: string;
  to: string;
  results: { experiments: string[]; candidates: CandidateMove[]; metrics: MetricMove[]; onlyFrom: OneSided[]; onlyTo: OneSided[] };
}

type Units = Map<string, UnitTally>;
type Tallies = Map<MetricName, Units>;

export function diffWithResults(db: Db, ws: Workspace, a: string, b: string, experiments: readonly string[] = []): ResultsDiff {
  const [from, to] = resolveProbeSets(ws, [a, b], db);
  if (!from || !to) throw new InputError('diff needs two probe sets');
  if (from.meta.name !== to.meta.name) throw new InputError(`--results compares two versions of one set, not ${from.meta.name} and ${to.meta.name}`);
  const diff = diffProbeSets(from, to);
  const changeOf = unitChanges(from.records, to.records, diff);
  const evals = setEvaluations(db, from.meta.name, requireExperiments(db, experiments));
  const onA = evals.filter((e) => e.version === from.version);
  const onB = evals.filter((e) => e.version === to.version);
  const multi = new Set(evals.map((e) => e.experiment)).size > 1;
  const label = (e: EvaluationRow): string => (multi ? `${e.experiment}/${e.candidate}` : e.candidate);
  const catalog = new ProbeCatalog(db, false);
  const talliesOf = (e: EvaluationRow): Tallies => {
    const data = candidateProbeData(db, e.candidateId, [e], catalog);
    const out: Tallies = new Map();
    for (const [metric, list] of Object.entries(familyTallies(data.probes, data.groups, true)) as [MetricName, UnitTally[]][]) {
      out.set(metric, new Map(list.map((t) => [t.unit, t])));
    }
    return out;
  };
  const bById = new Map(onB.map((e) => [e.candidateId, e]));
  const both: { name: string; a: Tallies; b: Tallies }[] = [];
  const onlyFrom: OneSided[] = [];
  for (const e of onA) {
    const eb = bById.get(e.candidateId);
    if (eb) both.push({ name: label(e), a: talliesOf(e), b: talliesOf(eb) });
    else onlyFrom.push(oneSided(label(e), talliesOf(e), changeOf));
  }
  const aIds = new Set(onA.map((e) => e.candidateId));
  const onlyTo = onB.filter((e) => !aIds.has(e.candidateId)).map((e) => oneSided(label(e), talliesOf(e), changeOf));
  const candidates: CandidateMove[] = both.map((c) => ({
    candidate: c.name,
    metrics: METRIC_NAMES.flatMap((m) => {
      const s = steps(c.a.get(m) ?? new Map(), c.b.get(m) ?? new Map(), changeOf);
      return s.from === null && s.to === null ? [] : [{ metric: m, from: s.from, to: s.to, delta: diffOf(s.to, s.from), parts: s.parts }];
    }),
  }));
  return {
    from: from.ref, to: to.ref, ...diff,
    results: {
      experiments: [...new Set(evals.filter((e) => e.version === from.version || e.version === to.version).map((e) => e.experiment))].sort(),
      candidates,
      metrics: METRIC_NAMES.flatMap((m) => metricMove(m, both, changeOf)),
      onlyFrom,
      onlyTo,
    },
  };
}

/** Edited units: probe ids, and `group:NAME` for paraphrase groups touched by the edit. */
function unitChanges(a: readonly ProbeRecord[], b: readonly ProbeRecord[], diff: ProbeSetDiff): Map<string, UnitChange> {
  const out = new Map<string, UnitChange>();
  for (const id of diff.added) out.set(id, '+');
  for (const id of diff.removed) out.set(id, '-');
  for (const c of diff.changed) out.set(c.id, '~');
  const groupsOf = (rs: readonly ProbeRecord[]): Map<string, string[]> => {
    const g = new Map<string, string[]>();
    for (const r of rs) if (r.group !== undefined) g.set(r.group, [...(g.get(r.group) ?? []), r.id]);
    return g;
  };
  const ga = groupsOf(a);
  const gb = groupsOf(b);
  for (const name of new Set([...ga.keys(), ...gb.keys()])) {
    const ma = ga.get(name);
    const mb = gb.get(name);
    const key = `group:${name}`;
    if (!mb) out.set(key, '-');
    else if (!ma) out.set(key, '+');
    else if ([...ma].sort().join() !== [...mb].sort().join() || [...ma, ...mb].some((id) => out.has(id))) out.set(key, '~');
  }
  return out;
}

function pooled(units: Iterable<UnitTally>): number | null {
  let n = 0;
  let sum = 0;
  for (const t of units) {
    n += t.n;
    sum += t.sum;
  }
  return n > 0 ? sum / n : null;
}

const diffOf = (x: number | null, y: number | null): number | null => (x === null || y === null ? null : x - y);

interface Steps {
  from: number | null;
  to: number | null;
  parts: StepParts;
  /** The states the steps start from (S0 = A, S1 = A without removed, S2 = S1 with changed from B). */
  states: [Units, Units, Units];
}

function steps(a: Units, b: Units, changeOf: ReadonlyMap<string, UnitChange>): Steps {
  const s1 = new Map([...a].filter(([u]) => changeOf.get(u) !== '-'));
  const s2 = new Map(s1);
  for (const [u, c] of changeOf) {
    if (c !== '~') continue;
    s2.delete(u);
    const tb = b.get(u);
    if (tb) s2.set(u, tb);
  }
  const s3 = new Map(s2);
  for (const [u, c] of changeOf) if (c === '+' && b.has(u)) s3.set(u, b.get(u)!);
  const v0 = pooled(a.values());
  const v1 = pooled(s1.values());
  const v2 = pooled(s2.values());
  const v3 = pooled(s3.values());
  const v4 = pooled(b.values());
  return {
    from: v0, to: v4, states: [a, s1, s2],
    parts: { removed: diffOf(v1, v0), changed: diffOf(v2, v1), added: diffOf(v3, v2), rerun: diffOf(v4, v3) },
  };
}

/** One unit's own effect: its step's starting state with only that unit removed, swapped or added. */
function unitEffect(u: string, change: UnitChange, st: Steps, b: Units): number | null {
  const [s0, s1, s2] = st.states;
  const start = change === '-' ? s0 : change === '~' ? s1 : s2;
  const next = new Map(start);
  if (change !== '+') next.delete(u);
  if (change !== '-' && b.has(u)) next.set(u, b.get(u)!);
  return diffOf(pooled(next.values()), pooled(start.values()));
}

const mean = (xs: (number | null)[]): number | null => {
  const v = xs.filter((x): x is number => x !== null);
  return v.length === 0 ? null : v.reduce((p, q) => p + q, 0) / v.length;
};

function metricMove(metric: MetricName, both: readonly { a: Tallies; b: Tallies }[], changeOf: ReadonlyMap<string, UnitChange>): MetricMove[] {
  if (both.length === 0) return [];
  const per = both.map((c) => ({ a: c.a.get(metric) ?? new Map(), b: c.b.get(metric) ?? new Map() })).map((c) => ({ ...c, st: steps(c.a, c.b, changeOf) }));
  if (per.every((p) => p.st.from === null && p.st.to === null)) return [];
  const part = (k: keyof StepParts): number | null => mean(per.map((p) => p.st.parts[k]));
  const score = (t: UnitTally | undefined): number | null => (t && t.n > 0 ? t.sum / t.n : null);
  const probes: ProbeEffect[] = [];
  for (const [u, change] of changeOf) {
    if (!per.some((p) => p.a.has(u) || p.b.has(u))) continue;
    probes.push({
      unit: u, change,
      effect: mean(per.map((p) => unitEffect(u, change, p.st, p.b))),
      from: mean(per.map((p) => score(p.a.get(u)))),
      to: mean(per.map((p) => score(p.b.get(u)))),
    });
  }
  probes.sort((x, y) => Math.abs(y.effect ?? 0) - Math.abs(x.effect ?? 0) || x.unit.localeCompare(y.unit));
  const from = mean(per.map((p) => p.st.from));
  const to = mean(per.map((p) => p.st.to));
  return [{
    metric, from, to, delta: diffOf(to, from),
    parts: { removed: part('removed'), changed: part('changed'), added: part('added'), rerun: part('rerun') },
    probes,
  }];
}

function oneSided(candidate: string, tallies: Tallies, changeOf: ReadonlyMap<string, UnitChange>): OneSided {
  return {
    candidate,
    metrics: METRIC_NAMES.flatMap((m) => {
      const units = tallies.get(m);
      const value = units ? pooled(units.values()) : null;
      if (!units || value === null) return [];
      return [{ metric: m, value, unchanged: pooled([...units].filter(([u]) => !changeOf.has(u)).map(([, t]) => t)) }];
    }),
  };
}
