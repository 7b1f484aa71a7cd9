// The queries metrics, verdict and report make must find a candidate's replies and their grades
// through an index: at a million replies a full SCAN of responses or grades costs seconds per query
// (issue 8). Without ANALYZE, SQLite plans from the schema alone, so a small store gives the same
// plans as a large one. The statements are captured from the real code paths, not copied here.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeReportStore } from '../fixtures/report/make-store.mjs';
import { computeExperimentMetrics } from '../../src/metrics/compute.js';
import { buildReportData } from '../../src/report/data.js';
import { openDb, type Db } from '../../src/store/db.js';
import { labelCrossTable, ungradedResponses, upsertGrades } from '../../src/store/grades.js';
import { staleGradeCount } from '../../src/store/metric-queries.js';
import { computeVerdict } from '../../src/verdict/compute.js';
import { openWorkspace } from '../../src/workspace.js';

const HOT_TABLES = ['responses', 'grades'];

/** Names a hot table goes by in a statement: the table itself and every alias given to it. */
function hotNames(sql: string): Set<string> {
  const names = new Set(HOT_TABLES);
  for (const m of sql.matchAll(/\b(responses|grades)\s+(?:AS\s+)?([A-Za-z_]\w*)/gi)) {
    const alias = m[2]!;
    if (!/^(JOIN|LEFT|WHERE|ON|GROUP|ORDER|LIMIT|INNER|CROSS|USING)$/i.test(alias)) names.add(alias);
  }
  return names;
}

/** Plan lines that read a hot table in full: SCAN (even of a covering index) or an automatic index. */
function fullReads(db: Db, sql: string): string[] {
  const params = (sql.match(/\?/g) ?? []).length;
  const plan = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...Array<null>(params).fill(null)) as { detail: string }[];
  const names = hotNames(sql);
  return plan
    .map((p) => p.detail)
    .filter((d) => {
      const m = /^(?:SCAN|SEARCH) (\w+)/.exec(d);
      if (!m || !names.has(m[1]!)) return false;
      return d.startsWith('SCAN') || d.includes('AUTOMATIC');
    });
}

/** Records every SQL text prepared on `db` while `fn` runs. */
function capture(db: Db, fn: () => void): string[] {
  const seen = new Set<string>();
  const prepare = db.prepare.bind(db);
  const spy = ((sql: string) => {
    seen.add(sql);
    return prepare(sql);
  }) as Db['prepare'];
  db.prepare = spy;
  try {
    fn();
  } finally {
    db.prepare = prepare;
  }
  return [...seen];
}

const oneLine = (sql: string): string => sql.replace(/\s+/g, ' ').trim().slice(0, 120);

describe('query plans of metrics, verdict and report', () => {
  let dir: string;
  let db: Db;
  let experimentId: number;
  let statements: string[];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'stoppoint-plans-'));
    const ws = openWorkspace(dir);
    db = openDb(ws.storePath);
    const made = makeReportStore(db, { experiment: 'plans', candidates: 6, probes: 40, repeats: 2 });
    experimentId = made.experimentId;
    // A few judge grades so the judge-agreement scan runs too.
    const ids = db.prepare('SELECT id FROM responses ORDER BY id LIMIT 20').all() as { id: number }[];
    upsertGrades(db, ids.map(({ id }) => ({ responseId: id, grader: 'judge.refusal', version: 'j1', grade: { status: 'scored', label: 'comply', score: 0 } })));
    statements = capture(db, () => {
      computeExperimentMetrics(db, 'plans');
      computeVerdict(db, ws, 'plans', { onWarning: () => {} });
      buildReportData(db, ws, 'plans', { onWarning: () => {} });
      labelCrossTable(db, experimentId, 'refusal', 'judge.refusal');
      // A grader version other than the stored one makes it count the experiment's stale grades.
      staleGradeCount(db, experimentId, { refusal: 'v0' });
    });
  });
  afterAll(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('captures the statements that read replies and grades', () => {
    const hot = statements.filter((s) => /\b(responses|grades)\b/i.test(s));
    // probe totals, group samples, report runs/replies/grades/grade kinds, agreement, stale grades, ...
    expect(hot.length).toBeGreaterThanOrEqual(8);
    expect(hot.some((s) => s.includes('GROUP BY r.probe_row'))).toBe(true);
    expect(hot.some((s) => s.includes('g1.label AS a'))).toBe(true);
  });

  it('reads responses and grades only through index searches', () => {
    const offenders = statements
      .map((sql) => ({ sql: oneLine(sql), full: fullReads(db, sql) }))
      .filter((o) => o.full.length > 0);
    expect(offenders).toEqual([]);
  });

  it('a page of replies to grade is read along the table in id order, never gathered and sorted', () => {
    const [page] = capture(db, () => {
      ungradedResponses(db, experimentId, 'refusal', 'v-new', { pageSize: 10 }).next();
    }).filter((s) => /\bresponses\b/.test(s));
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${page!}`).all(...Array<null>(6).fill(null)) as { detail: string }[]).map((p) => p.detail);
    expect(plan.some((d) => /^SEARCH r USING INTEGER PRIMARY KEY \(rowid>\?\)/.test(d))).toBe(true);
    expect(plan.filter((d) => d.includes('TEMP B-TREE'))).toEqual([]);
  });

  it('the check itself flags a query with no usable index', () => {
    expect(fullReads(db, 'SELECT id FROM responses r WHERE r.text = ?')).toEqual(['SCAN r']);
    expect(fullReads(db, "SELECT COUNT(*) FROM grades WHERE label = 'refuse'").length).toBe(1);
  });
});
