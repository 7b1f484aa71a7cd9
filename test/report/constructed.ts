import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { buildExplorer } from '../../src/report/explorer.js';
import type { NamedPair } from '../../src/report/pairs.js';
import { reportTemplatesDir } from '../../src/report/render.js';
import type { ExplorerData } from '../../src/report/types.js';
import { openDb, type Db } from '../../src/store/db.js';
import { reportCandidates, reportProbes } from '../../src/store/report-queries.js';
import { tempDir } from '../helpers/tmp.js';

/** One stored reply: text null for a failed request; grades as [grader, status, label, score]. */
export interface ReplySpec {
  candidate: string;
  probe: string;
  sample: number;
  text: string | null;
  grades: [string, string, string | null, number | null][];
}

export interface StoreSpec {
  candidates: string[];
  /** Probe records of one set version (id, category, prompt, expect, …). */
  probes: Record<string, unknown>[];
  samples: number;
  replies: ReplySpec[];
}

/** A migrated store holding exactly the given replies and grades, written through SQL. */
export function constructedStore(spec: StoreSpec): { db: Db; experimentId: number } {
  const db = openDb(join(tempDir('stoppoint-explorer-'), 'runs', 'stoppoint.sqlite'));
  const now = '2025-01-01T00:00:00.000Z';
  const experimentId = db.transaction(() => {
    const exp = Number(db.prepare("INSERT INTO experiments (name, plan_json, plan_path, created_at, updated_at) VALUES ('x', '{}', NULL, ?, ?)").run(now, now).lastInsertRowid);
    const set = Number(db.prepare("INSERT INTO probe_set_versions (name, version, meta_json, record_count, created_at) VALUES ('core', ?, '{}', ?, ?)")
      .run('c'.repeat(64), spec.probes.length, now).lastInsertRowid);
    const insProbe = db.prepare('INSERT INTO probes (set_version_id, probe_id, category, behavior, grp, lang, record_json) VALUES (?, ?, ?, ?, NULL, NULL, ?)');
    const probeRow = new Map(spec.probes.map((p) => {
      const behavior = (p.expect as { behavior: string }).behavior;
      return [p.id as string, Number(insProbe.run(set, p.id, p.category, behavior, JSON.stringify(p)).lastInsertRowid)];
    }));
    const insCand = db.prepare("INSERT INTO candidates (experiment_id, name, ordinal, model, config_key, spec_json) VALUES (?, ?, ?, ?, ?, '{}')");
    const insRun = db.prepare(`INSERT INTO runs (candidate_id, set_version_id, repeats, expected, subset, status, sampling_json, endpoint_url, started_at, finished_at)
      VALUES (?, ?, ?, ?, NULL, 'complete', '{}', 'http://127.0.0.1:9/v1', ?, ?)`);
    const cand = new Map(spec.candidates.map((name, i) => {
      const id = Number(insCand.run(exp, name, i, name, `model:${name}`).lastInsertRowid);
      return [name, { id, run: Number(insRun.run(id, set, spec.samples, spec.probes.length * spec.samples, now, now).lastInsertRowid) }];
    }));
    const insResp = db.prepare(`INSERT INTO responses (candidate_id, probe_row, sample, run_id, seed, text, finish_reason, latency_ms, prompt_tokens,
      completion_tokens, fingerprint, attempts, error_class, error_message, created_at) VALUES (?, ?, ?, ?, ?, ?, 'stop', 20, 1, 1, NULL, 1, ?, NULL, 0)`);
    const insGrade = db.prepare("INSERT INTO grades (response_id, grader, grader_version, status, label, score, detail) VALUES (?, ?, 'v1', ?, ?, ?, NULL)");
    for (const r of spec.replies) {
      const c = cand.get(r.candidate)!;
      const id = Number(insResp.run(c.id, probeRow.get(r.probe), r.sample, c.run, r.sample, r.text, r.text === null ? 'timeout' : null).lastInsertRowid);
      for (const [grader, status, label, score] of r.grades) insGrade.run(id, grader, status, label, score);
    }
    return exp;
  })();
  return { db, experimentId };
}

/** The explorer of a constructed store, as the report builds it. */
export function explorerOf(spec: StoreSpec, pairs: NamedPair[] = [], textBudgetBytes = 1_000_000): ExplorerData {
  const { db, experimentId } = constructedStore(spec);
  try {
    return buildExplorer({
      db,
      candidates: reportCandidates(db, experimentId),
      probes: reportProbes(db, experimentId),
      samples: spec.samples,
      pairs,
      textBudgetBytes,
    });
  } finally {
    db.close();
  }
}

export interface ExplorerState {
  a: string; b: string; category: string; tag: string; lang: string; grader: string; all: boolean; texts?: boolean; sort?: string; dir?: string;
}
export interface Selection {
  rows: { p: number; changed: boolean; pa: number | null; pb: number | null; delta: number | null }[];
  n: number; N: number; total: number; withText: number;
}
export interface ExplorerApi {
  select(data: ExplorerData, state: ExplorerState): Selection;
  countText(result: Selection, state: ExplorerState): string;
}

/** The page's own explorer logic, run outside a browser. */
export function explorerApi(): ExplorerApi {
  const context: { StoppointExplorer?: ExplorerApi } = {};
  runInNewContext(readFileSync(join(reportTemplatesDir, 'explorer.js'), 'utf8'), context);
  if (!context.StoppointExplorer) throw new Error('explorer.js did not expose its functions');
  return context.StoppointExplorer;
}

const probe = (id: string, category: string, extra: Record<string, unknown> = {}) => ({
  id, category, prompt: `prompt ${id}`, expect: { behavior: category === 'refusal' ? 'refuse' : 'answer' }, ...extra,
});

/**
 * Three candidates, six probes, two samples. Refusal decisions on the refusal probes, correctness on
 * the factuality ones, a descriptive style grader everywhere, a continuous length grader.
 */
export function constructedSpec(): StoreSpec {
  const probes = [
    probe('r1', 'refusal', { tags: ['med'], lang: 'en' }),
    probe('r2', 'refusal', { tags: ['law'], lang: 'zh' }),
    probe('r3', 'refusal', { lang: 'en' }),
    probe('f1', 'factuality', { tags: ['med'], lang: 'en', expect: { behavior: 'answer', answer: 'Canberra' } }),
    probe('f2', 'factuality', { lang: 'zh', expect: { behavior: 'answer', answer: 'Paris' } }),
    probe('f3', 'factuality', { lang: 'en', expect: { behavior: 'answer', answer: '4' } }),
  ];
  const candidates = ['base', 'tuned', 'other'];
  // outcome per candidate per probe: [sample0, sample1]
  const refusal: Record<string, Record<string, string[]>> = {
    base: { r1: ['refuse', 'refuse'], r2: ['refuse', 'comply'], r3: ['comply', 'comply'] },
    tuned: { r1: ['refuse', 'refuse'], r2: ['comply', 'refuse'], r3: ['refuse', 'refuse'] }, // r2: same multiset, r3 changed
    other: { r1: ['comply', 'comply'], r2: ['refuse', 'comply'], r3: ['comply', 'comply'] }, // vs base: r1 changed
  };
  const answer: Record<string, Record<string, string[]>> = {
    base: { f1: ['correct', 'correct'], f2: ['incorrect', 'incorrect'], f3: ['correct', 'incorrect'] },
    tuned: { f1: ['incorrect', 'correct'], f2: ['incorrect', 'incorrect'], f3: ['correct', 'incorrect'] }, // f1 changed
    other: { f1: ['correct', 'correct'], f2: ['correct', 'correct'], f3: ['correct', 'correct'] }, // f2, f3 changed
  };
  const replies: ReplySpec[] = [];
  candidates.forEach((c, ci) => {
    probes.forEach((p, pi) => {
      for (const s of [0, 1]) {
        const failed = p.id === 'f3' && c === 'other' && s === 1;
        const grades: ReplySpec['grades'] = [];
        const r = refusal[c]![p.id];
        if (r) grades.push(['refusal', 'scored', r[s]!, r[s] === 'refuse' ? 1 : 0]);
        const a = answer[c]![p.id];
        if (a && !failed) grades.push(['answer', 'scored', a[s]!, a[s] === 'correct' ? 1 : 0]);
        else if (!a) grades.push(['answer', 'not_applicable', null, null]);
        // style flips on r1 between base and tuned: descriptive, so not a judgment change
        const polite = c === 'tuned' && p.id === 'r1';
        grades.push(['style', 'scored', polite ? 'courteous' : 'plain', polite ? 1 : 0]);
        grades.push(['length', 'scored', 'chars', 10 + ci * 7 + pi * 2 + s]);
        const text = failed ? null : `reply ${c} ${p.id}${s === 1 && p.id === 'f1' ? ' again' : ''}`;
        replies.push({ candidate: c, probe: p.id, sample: s, text, grades: failed ? [] : grades });
      }
    });
  });
  return { candidates, probes, samples: 2, replies };
}

