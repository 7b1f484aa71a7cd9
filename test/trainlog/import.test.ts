import { copyFileSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Plan } from '../../src/plan/schema.js';
import { openDb, type Db } from '../../src/store/db.js';
import { upsertExperiment } from '../../src/store/experiments.js';
import { experimentTrainPoints, trainLogRecord } from '../../src/store/trainlog.js';
import { importPlanTrainLogs, importTrainLog } from '../../src/trainlog/import.js';
import { openWorkspace } from '../../src/workspace.js';
import { repoRoot, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const datasets = resolve(repoRoot, '../shared/datasets');
const medical = resolve(datasets, 'trainlog-llamafactory-qwen2.5-medical/trainer_log.jsonl');
const fixtures = resolve(repoRoot, 'test/fixtures/trainlog');

function seed(db: Db, name: string, candidates: Record<string, unknown>[]): void {
  const plan = Plan.parse({ name, probes: ['core'], endpoint: { base_url: 'http://127.0.0.1:9/v1' }, candidates });
  upsertExperiment(db, plan, null, new Date('2026-01-01T00:00:00Z'));
}

describe('log import', () => {
  it('stores the points of a real log for the candidate, replacing what was there', () => {
    const root = tempDir();
    const db = openDb(join(root, 'store.sqlite'));
    seed(db, 'med', [{ name: 'base', model: 'b', baseline: true }, { name: 'ckpt-6750', model: 'm', run: 'r', step: 6750 }]);
    const r = importTrainLog(db, { candidate: 'ckpt-6750', file: medical, baseDir: root });
    expect(r).toMatchObject({ experiment: 'med', candidate: 'ckpt-6750', format: 'llamafactory-jsonl', points: 1363, lastStep: 6750, warnings: [] });
    expect(Object.entries(r.series)).toEqual([['loss', 675], ['eval_loss', 13], ['learning_rate', 675]]);
    const stored = experimentTrainPoints(db, 'med')['ckpt-6750']!;
    expect(stored).toHaveLength(1363);
    expect(stored.find((p) => p.name === 'eval_loss' && p.step === 500)!.value).toBe(1.6410622596740723);
    // a second import replaces, never duplicates
    importTrainLog(db, { candidate: 'ckpt-6750', file: join(fixtures, 'ok-loss.csv'), baseDir: root });
    expect(experimentTrainPoints(db, 'med')['ckpt-6750']).toHaveLength(6);
    expect(trainLogRecord(db, 1 + 1)).toMatchObject({ format: 'csv' });
    db.close();
  });

  it('warns when the log does not reach the checkpoint step', () => {
    const root = tempDir();
    const db = openDb(join(root, 'store.sqlite'));
    seed(db, 'e', [{ name: 'ckpt-900', model: 'm', run: 'r', step: 900 }]);
    const r = importTrainLog(db, { candidate: 'ckpt-900', file: join(fixtures, 'ok-loss.csv'), baseDir: root });
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]!.message).toMatch(/the log reaches step 40 but ckpt-900 is the checkpoint at step 900/);
    db.close();
  });

  it('names the experiment when the candidate is in several, and refuses unknown candidates', () => {
    const root = tempDir();
    const db = openDb(join(root, 'store.sqlite'));
    seed(db, 'e1', [{ name: 'c', model: 'm' }]);
    seed(db, 'e2', [{ name: 'c', model: 'm' }]);
    const csv = join(fixtures, 'ok-loss.csv');
    expect(() => importTrainLog(db, { candidate: 'c', file: csv, baseDir: root })).toThrow(/candidate c is in several experiments \(e1, e2\); name one with --experiment/);
    expect(importTrainLog(db, { candidate: 'c', file: csv, baseDir: root, experiment: 'e2' }).experiment).toBe('e2');
    expect(() => importTrainLog(db, { candidate: 'nope', file: csv, baseDir: root })).toThrow(/no candidate named nope in any experiment/);
    expect(() => importTrainLog(db, { candidate: 'c', file: csv, baseDir: root, experiment: 'e3' })).toThrow(/no candidate named c in experiment e3 \(it is in: e1, e2\)/);
    db.close();
  });

  it("imports the plan's train_log once, relative to the workspace, and again when the file changes", () => {
    const root = tempDir();
    const ws = openWorkspace(root);
    mkdirSync(join(root, 'logs'));
    const log = join(root, 'logs', 'loss.csv');
    copyFileSync(join(fixtures, 'ok-loss.csv'), log);
    const db = openDb(ws.storePath);
    seed(db, 'e', [
      { name: 'c100', model: 'm', run: 'r', step: 30, train_log: 'logs/loss.csv' },
      { name: 'c200', model: 'm', run: 'r', step: 40, train_log: 'logs/loss.csv' },
    ]);
    const t0 = new Date('2026-01-02T00:00:00Z');
    utimesSync(log, new Date('2026-01-01T00:00:00Z'), new Date('2026-01-01T00:00:00Z'));
    expect(importPlanTrainLogs(db, ws, 'e', t0).map((r) => r.candidate)).toEqual(['c100', 'c200']);
    expect(importPlanTrainLogs(db, ws, 'e', t0)).toEqual([]); // already current
    writeFileSync(log, 'step,loss\n10,2.0\n20,1.5\n');
    utimesSync(log, new Date('2026-01-03T00:00:00Z'), new Date('2026-01-03T00:00:00Z'));
    const again = importPlanTrainLogs(db, ws, 'e', new Date('2026-01-04T00:00:00Z'));
    expect(again.map((r) => r.candidate)).toEqual(['c100', 'c200']);
    expect(again[0]!.warnings[0]!.message).toMatch(/reaches step 20 but c100 is the checkpoint at step 30/);
    db.close();
  });

  it('refuses a plan train_log that was never imported and is not there', () => {
    const root = tempDir();
    const ws = openWorkspace(root);
    const db = openDb(ws.storePath);
    seed(db, 'e', [{ name: 'c', model: 'm', train_log: 'logs/missing.json' }]);
    expect(() => importPlanTrainLogs(db, ws, 'e')).toThrow(/train_log of candidate c not found: .*logs\/missing\.json/);
    db.close();
  });
});

describe('stoppoint log import (CLI)', () => {
  it('imports, prints a summary or JSON, and exits 2 with file:line on a bad log', () => {
    const root = tempDir();
    const db = openDb(openWorkspace(root).storePath);
    seed(db, 'e', [{ name: 'ckpt', model: 'm', run: 'r', step: 6750 }]);
    db.close();
    const ok = runCli(['log', 'import', 'ckpt', medical], root);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^e\/ckpt: 1363 points \(loss 675, eval_loss 13, learning_rate 675\) up to step 6750 from llamafactory-jsonl/);
    const json = runCli(['log', 'import', 'ckpt', join(fixtures, 'ok-eval-sets.json'), '--json'], root);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ format: 'hf-trainer-state', lastStep: 30, candidateStep: 6750 });
    const bad = runCli(['log', 'import', 'ckpt', join(fixtures, 'bad-negative-step.jsonl')], root);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/bad-negative-step\.jsonl:3: current_steps: step must not be negative \(got -30\)/);
    expect(bad.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
    const help = runCli(['log', 'import', '--help'], root);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Examples:/);
  });
});
