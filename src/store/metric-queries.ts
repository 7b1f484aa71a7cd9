import type { Db } from './db.js';

export interface CandidateRow {
  id: number;
  name: string;
  ordinal: number;
  model: string;
  config_key: string;
  spec_json: string;
}

export function experimentCandidates(db: Db, experimentId: number): CandidateRow[] {
  return db
    .prepare('SELECT id, name, ordinal, model, config_key, spec_json FROM candidates WHERE experiment_id = ? ORDER BY ordinal, id')
    .all(experimentId) as CandidateRow[];
}

/** The run that counts for each probe set a candidate was evaluated on: the latest one per set name. */
export interface CurrentRun {
  setVersionId: number;
  setName: string;
  version: string;
  repeats: number;
  recordCount: number;
  subset: string | null;
}

export function currentRuns(db: Db, candidateId: number): CurrentRun[] {
  return db
    .prepare(
      `SELECT r.set_version_id AS setVersionId, v.name AS setName, v.version AS version, r.repeats AS repeats,
              v.record_count AS recordCount, r.subset AS subset
       FROM runs r JOIN probe_set_versions v ON v.id = r.set_version_id
       WHERE r.id IN (SELECT MAX(r2.id) FROM runs r2 JOIN probe_set_versions v2 ON v2.id = r2.set_version_id
                      WHERE r2.candidate_id = ? GROUP BY v2.name)
       ORDER BY v.name`,
    )
    .all(candidateId) as CurrentRun[];
}

export interface ProbeRow {
  id: number;
  probe_id: string;
  category: string;
  behavior: string;
  grp: string | null;
  lang: string | null;
  tags_json: string | null;
  match: string | null;
  has_answer: number;
}

/** Probe rows of a set version with the record fields metrics need (read from the snapshot JSON). */
export function probeRows(db: Db, setVersionId: number): IterableIterator<ProbeRow> {
  return db
    .prepare(
      `SELECT id, probe_id, category, behavior, grp, lang, json_extract(record_json, '$.tags') AS tags_json,
              json_extract(record_json, '$.expect.match') AS match,
              json_extract(record_json, '$.expect.answer') IS NOT NULL AS has_answer
       FROM probes WHERE set_version_id = ? ORDER BY id`,
    )
    .iterate(setVersionId) as IterableIterator<ProbeRow>;
}

/**
 * Per-probe totals of one candidate on one set version (samples below `repeats`): replies, errors,
 * and for each grader the graded count and the sum of what the metric counts. One grouped scan of
 * the candidate's replies in index order; grades are looked up by primary key.
 */
export interface ProbeTotals {
  probeRow: number;
  rows: number;
  replied: number;
  errors: number;
  refN: number;
  refYes: number;
  ansN: number;
  ansSum: number;
  jfN: number;
  jfSum: number;
  styN: number;
  stySum: number;
  lenN: number;
  lenSum: number;
  toneN: number;
  toneSum: number;
}

/**
 * What one group of a candidate's replies sums to, per grader (the columns of ProbeTotals but the
 * probe row). Shared with health-queries.ts, which groups per sample instead of per probe, so a
 * reply's grades are read into metrics one way only. `r` = responses, `p` = probes.
 */
export const TOTALS_COLUMNS = `COUNT(*) AS rows,
         TOTAL(r.text IS NOT NULL) AS replied, TOTAL(r.error_class IS NOT NULL) AS errors,
         TOTAL(gr.status = 'scored') AS refN, TOTAL(gr.status = 'scored' AND gr.label = 'refuse') AS refYes,
         TOTAL(ga.status = 'scored') AS ansN, TOTAL(CASE WHEN ga.status = 'scored' THEN ga.score END) AS ansSum,
         TOTAL(gj.status = 'scored') AS jfN, TOTAL(CASE WHEN gj.status = 'scored' THEN gj.score END) AS jfSum,
         TOTAL(gs.status = 'scored') AS styN, TOTAL(CASE WHEN gs.status = 'scored' THEN gs.score END) AS stySum,
         TOTAL(r.text IS NOT NULL) AS lenN, TOTAL(length(r.text)) AS lenSum,
         TOTAL(gt.status = 'scored') AS toneN, TOTAL(CASE WHEN gt.status = 'scored' THEN gt.score END) AS toneSum`;

/** The grade joins TOTALS_COLUMNS reads. */
export const TOTALS_GRADE_JOINS = `LEFT JOIN grades gr ON gr.response_id = r.id AND gr.grader = 'refusal'
       LEFT JOIN grades ga ON ga.response_id = r.id AND ga.grader = 'answer'
       LEFT JOIN grades gj ON gj.response_id = r.id AND gj.grader = 'judge.factuality'
       LEFT JOIN grades gs ON gs.response_id = r.id AND gs.grader = 'style'
       LEFT JOIN grades gt ON gt.response_id = r.id AND gt.grader = 'judge.tone'`;

/** The graders the totals read, each with its columns (as in TOTALS_COLUMNS) for a grade alias `g`. */
const TOTALS_GRADERS: readonly { grader: string; columns: (g: string) => string[] }[] = [
  { grader: 'refusal', columns: (g) => [`TOTAL(${g}.status = 'scored') AS refN`, `TOTAL(${g}.status = 'scored' AND ${g}.label = 'refuse') AS refYes`] },
  { grader: 'answer', columns: (g) => [`TOTAL(${g}.status = 'scored') AS ansN`, `TOTAL(CASE WHEN ${g}.status = 'scored' THEN ${g}.score END) AS ansSum`] },
  { grader: 'judge.factuality', columns: (g) => [`TOTAL(${g}.status = 'scored') AS jfN`, `TOTAL(CASE WHEN ${g}.status = 'scored' THEN ${g}.score END) AS jfSum`] },
  { grader: 'style', columns: (g) => [`TOTAL(${g}.status = 'scored') AS styN`, `TOTAL(CASE WHEN ${g}.status = 'scored' THEN ${g}.score END) AS stySum`] },
  { grader: 'judge.tone', columns: (g) => [`TOTAL(${g}.status = 'scored') AS toneN`, `TOTAL(CASE WHEN ${g}.status = 'scored' THEN ${g}.score END) AS toneSum`] },
];

/** Graders with at least one grade anywhere in the store: one index seek each (grades_grader). */
export function gradersPresent(db: Db): Set<string> {
  const stmt = db.prepare('SELECT 1 FROM grades WHERE grader = ? LIMIT 1');
  return new Set(TOTALS_GRADERS.map((t) => t.grader).filter((g) => stmt.get(g) !== undefined));
}

/**
 * The metrics scan, same numbers as TOTALS_COLUMNS: one grouped pass over the candidate's replies in
 * index order, the set version's probes found through the (candidate, probe_row) index, and a grade
 * join only for graders that have graded something (`present`); an absent grader's columns are 0.
 * Grade lookups dominate the cost at a million replies, so skipping unused joins matters.
 */
export function probeTotals(
  db: Db,
  candidateId: number,
  setVersionId: number,
  repeats: number,
  present: ReadonlySet<string> = new Set(TOTALS_GRADERS.map((t) => t.grader)),
): IterableIterator<ProbeTotals> {
  const columns = ['COUNT(*) AS rows', 'TOTAL(r.text IS NOT NULL) AS replied', 'TOTAL(r.error_class IS NOT NULL) AS errors',
    'TOTAL(r.text IS NOT NULL) AS lenN', 'TOTAL(length(r.text)) AS lenSum'];
  const joins: string[] = [];
  TOTALS_GRADERS.forEach((t, i) => {
    const alias = `g${i}`;
    if (present.has(t.grader)) {
      joins.push(`LEFT JOIN grades ${alias} ON ${alias}.response_id = r.id AND ${alias}.grader = '${t.grader}'`);
      columns.push(...t.columns(alias));
    } else {
      columns.push(...t.columns(alias).map((c) => `0 AS ${c.slice(c.lastIndexOf(' AS ') + 4)}`));
    }
  });
  return db
    .prepare(
      `SELECT r.probe_row AS probeRow, ${columns.join(', ')}
       FROM responses r ${joins.join(' ')}
       WHERE r.candidate_id = ? AND r.probe_row IN (SELECT id FROM probes WHERE set_version_id = ?) AND r.sample < ?
       GROUP BY r.probe_row`,
    )
    .iterate(candidateId, setVersionId, repeats) as IterableIterator<ProbeTotals>;
}

/** One (paraphrase group, sample) of a candidate: do its members agree on decision and correctness? */
export interface GroupSample {
  grp: string;
  sample: number;
  /** Members with a refusal grade. */
  graded: number;
  refusedMin: number | null;
  refusedMax: number | null;
  corN: number;
  corMin: number | null;
  corMax: number | null;
}

export function groupSamples(db: Db, candidateId: number, setVersionId: number, repeats: number): IterableIterator<GroupSample> {
  return db
    .prepare(
      `SELECT grp, sample, COUNT(dec) AS graded, MIN(dec) AS refusedMin, MAX(dec) AS refusedMax,
              COUNT(cor) AS corN, MIN(cor) AS corMin, MAX(cor) AS corMax
       FROM (
         SELECT p.grp AS grp, r.sample AS sample,
           CASE WHEN gr.status = 'scored' THEN gr.label = 'refuse' END AS dec,
           CASE WHEN json_extract(p.record_json, '$.expect.match') = 'judge'
                THEN CASE WHEN gj.status = 'scored' THEN gj.score END
                ELSE CASE WHEN ga.status = 'scored' THEN ga.score END END AS cor
         FROM responses r
         JOIN probes p ON p.id = r.probe_row
         LEFT JOIN grades gr ON gr.response_id = r.id AND gr.grader = 'refusal'
         LEFT JOIN grades ga ON ga.response_id = r.id AND ga.grader = 'answer'
         LEFT JOIN grades gj ON gj.response_id = r.id AND gj.grader = 'judge.factuality'
         WHERE r.candidate_id = ? AND r.sample < ?
           -- only the replies of grouped probes, found through the (candidate, probe_row) index
           AND r.probe_row IN (SELECT id FROM probes WHERE set_version_id = ? AND grp IS NOT NULL)
       )
       GROUP BY grp, sample`,
    )
    .iterate(candidateId, repeats, setVersionId) as IterableIterator<GroupSample>;
}

/** Replies and recorded errors of a candidate on a set version (samples below `repeats`). */
export function replyCounts(db: Db, candidateId: number, setVersionId: number, repeats: number): { replied: number; errors: number } {
  return db
    .prepare(
      `SELECT TOTAL(r.text IS NOT NULL) AS replied, TOTAL(r.error_class IS NOT NULL) AS errors
       FROM responses r JOIN probes p ON p.id = r.probe_row AND p.set_version_id = ?
       WHERE r.candidate_id = ? AND r.sample < ?`,
    )
    .get(setVersionId, candidateId, repeats) as { replied: number; errors: number };
}

/**
 * Grades written by a grader version other than the current one (metrics warn: re-grade). Two index
 * seeks per grader answer "none anywhere", the usual case; only otherwise is the experiment counted.
 */
export function staleGradeCount(db: Db, experimentId: number, current: Record<string, string>): number {
  const other = db.prepare(
    `SELECT 1 FROM grades WHERE grader = ? AND grader_version < ?
     UNION ALL SELECT 1 FROM grades WHERE grader = ? AND grader_version > ? LIMIT 1`,
  );
  const count = db.prepare(
    `SELECT COUNT(*) AS n FROM grades g JOIN responses r ON r.id = g.response_id JOIN candidates c ON c.id = r.candidate_id
     WHERE c.experiment_id = ? AND g.grader = ? AND g.grader_version <> ?`,
  );
  let n = 0;
  for (const [grader, version] of Object.entries(current)) {
    if (other.get(grader, version, grader, version) === undefined) continue;
    n += (count.get(experimentId, grader, version) as { n: number }).n;
  }
  return n;
}
