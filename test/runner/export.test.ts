import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvLine, csvText, exportExperiment, exportToPath } from '../../src/export.js';
import { openDb } from '../../src/store/db.js';
import { runPlan } from '../../src/runner/run-plan.js';
import type { SimServer } from '../../src/sim/types.js';
import type { Workspace } from '../../src/workspace.js';
import { runCli } from './cli-helpers.js';
import { fastRetry, startSim, tempWorkspace, writePlan } from './helpers.js';

describe('export', () => {
  let sim: SimServer;
  let ws: Workspace;
  let cleanup: () => void;
  let texts: Map<string, string | null>;

  beforeAll(async () => {
    sim = await startSim({ fail_probes: ['bound-a'] });
    const t = tempWorkspace();
    ws = t.ws;
    cleanup = t.cleanup;
    const plan = writePlan(ws, { baseUrl: sim.url, repeats: 2 });
    await runPlan(plan, { workspace: ws, tuning: { retry: { ...fastRetry, maxAttempts: 2 } } });
    const db = new Database(ws.storePath, { readonly: true });
    const rows = db
      .prepare('SELECT c.name AS c, p.probe_id AS p, r.sample AS s, r.text AS t FROM responses r JOIN candidates c ON c.id = r.candidate_id JOIN probes p ON p.id = r.probe_row')
      .all() as { c: string; p: string; s: number; t: string | null }[];
    texts = new Map(rows.map((r) => [`${r.c}/${r.p}/${r.s}`, r.t]));
    db.close();
  });
  afterAll(async () => {
    await sim.close();
    cleanup();
  });

  it('JSONL: one object per candidate × probe × sample, with grades and recorded errors', async () => {
    const out = join(ws.root, 'out.jsonl');
    const n = await exportToPath(ws, 'sweep', 'jsonl', out);
    expect(n).toBe(48);
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(48);
    expect(lines[0]).toMatchObject({ experiment: 'sweep', candidate: 'base', set: 'mini', sample: 0 });
    for (const l of lines) expect(l.text).toBe(texts.get(`${String(l.candidate)}/${String(l.probe_id)}/${String(l.sample)}`));
    const failed = lines.filter((l) => l.error_class !== null);
    expect(failed.map((l) => [l.candidate, l.probe_id, l.sample, l.error_class])).toEqual([
      ['base', 'bound-a', 0, 'server_error'],
      ['base', 'bound-a', 1, 'server_error'],
      ['ft-a', 'bound-a', 0, 'server_error'],
      ['ft-a', 'bound-a', 1, 'server_error'],
    ]);
    const graded = lines.find((l) => l.error_class === null)!;
    expect(Object.keys(graded.grades as object).length).toBeGreaterThan(0);
  });

  it('CSV: RFC 4180 that a CSV parser reads back to the stored texts; one column group per grader', async () => {
    const r = await runCli(['export', 'sweep', '--format', 'csv'], { cwd: ws.root });
    expect(r.code).toBe(0);
    const records = parse(r.stdout, { columns: true }) as Record<string, string>[];
    expect(records).toHaveLength(48);
    // (formula-like texts carry a leading quote: export-csv-injection.test.ts)
    for (const rec of records) expect(rec.text).toBe(csvText(texts.get(`${rec.candidate}/${rec.probe_id}/${rec.sample}`) ?? ''));
    const header = r.stdout.slice(0, r.stdout.indexOf('\r\n')).split(',');
    expect(header.slice(0, 3)).toEqual(['experiment', 'candidate', 'model']);
    expect(header.some((h) => h.endsWith('.label'))).toBe(true);
  });

  it('--candidate and --probe select replies; an unknown one is an input error naming what there is', async () => {
    const r = await runCli(['export', 'sweep', '--candidate', 'ft-a', '--probe', 'bound-a', '--probe', 'fact-b'], { cwd: ws.root });
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => `${String(l.candidate)}/${String(l.probe_id)}/${String(l.sample)}`).sort()).toEqual([
      'ft-a/bound-a/0', 'ft-a/bound-a/1', 'ft-a/fact-b/0', 'ft-a/fact-b/1',
    ]);
    for (const l of lines) expect(l.text).toBe(texts.get(`${String(l.candidate)}/${String(l.probe_id)}/${String(l.sample)}`));
    const badCandidate = await runCli(['export', 'sweep', '--candidate', 'ft-z'], { cwd: ws.root });
    expect(badCandidate.code).toBe(2);
    expect(badCandidate.stderr).toContain('sweep has no candidate ft-z; its candidates: base, ft-a');
    const badProbe = await runCli(['export', 'sweep', '--probe', 'nope-1'], { cwd: ws.root });
    expect(badProbe.code).toBe(2);
    expect(badProbe.stderr).toContain('no probe nope-1 in the probe sets sweep was evaluated on');
  });

  it('quotes fields per RFC 4180', () => {
    expect(csvLine(['a', 'b,c', 'say "hi"', 'two\nlines', null, 3])).toBe('a,"b,c","say ""hi""","two\nlines",,3\r\n');
  });

  it('an unknown experiment is an input error listing the known ones', async () => {
    const db = openDb(ws.storePath, { readonly: true });
    await expect(exportExperiment(db, 'nope', 'jsonl', new PassThrough())).rejects.toThrow('no experiment "nope" in the store; known: sweep');
    db.close();
    const r = await runCli(['export', 'nope'], { cwd: ws.root });
    expect(r.code).toBe(2);
  });
});
