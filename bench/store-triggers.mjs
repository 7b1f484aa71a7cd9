#!/usr/bin/env node
// Cost of migration 006's data-version triggers on ingest (not a test): the same 100,000 replies and
// 300,000 grades written through the store's write path (createResponseWriter, upsertGrades, 768
// grades per transaction) into a fresh store with the triggers and into one with them dropped,
// alternately, three times. Prints [reply commit ms, grade commit ms] for each.
//
//   npm run build && node bench/store-triggers.mjs
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const { openDb } = await import('../dist/store/db.js');
const { upsertGrades } = await import('../dist/index.js');
const { createResponseWriter } = await import('../dist/store/responses.js');
function once(dropTriggers) {
  const dir = mkdtempSync(join(tmpdir(), 'stoppoint-bench-triggers-'));
  const db = openDb(join(dir, 's.sqlite'));
  if (dropTriggers) for (const t of ['grades_bump_insert', 'grades_bump_update', 'grades_bump_delete', 'responses_bump_insert', 'responses_bump_update', 'responses_bump_delete']) db.exec(`DROP TRIGGER ${t}`);
  db.exec(`INSERT INTO experiments VALUES (1,'e','{}',NULL,'x','x'); INSERT INTO probe_set_versions VALUES (1,'s','v','{}',1,'x'); INSERT INTO probes VALUES (1,1,'p','refusal','refuse',NULL,NULL,'{}');
`);
  for (let c = 1; c <= 4; c++) db.prepare("INSERT INTO candidates VALUES (?,1,?,?, 'm','k','{}')").run(c, 'c' + c, c);
  db.exec(`INSERT INTO runs (id, candidate_id, set_version_id, repeats, expected, status, sampling_json, endpoint_url, started_at) VALUES (1,1,1,1,1,'complete','{}','u','x')`);
  const w = createResponseWriter(db, { batchSize: 1e9, flushMs: 1e9 });
  const N = 100000; let t0 = performance.now(); let rt = 0, gt = 0; let grades = []; let id = 1;
  for (let i = 0; i < N; i++) {
    w.add({ candidateId: 1 + (i % 4), probeRow: 1, sample: i, runId: 1, seed: 0, text: 'x'.repeat(600), finishReason: 'stop', latencyMs: 1, promptTokens: 1, completionTokens: 1, fingerprint: null, attempts: 1, errorClass: null, errorMessage: null, createdAt: 0 });
    for (const g of ['refusal', 'answer', 'style']) grades.push({ responseId: id, grader: g, version: '1', grade: { status: 'scored', label: 'x', score: 1 } });
    id++;
    if (grades.length >= 768) { let t = performance.now(); w.flush(); rt += performance.now() - t; t = performance.now(); upsertGrades(db, grades); gt += performance.now() - t; grades = []; }
  }
  w.close(); db.close();
  rmSync(dir, { recursive: true, force: true });
  return [Math.round(rt), Math.round(gt)];
}
for (let k = 0; k < 3; k++) { console.log('with triggers   replies ms, grades ms:', once(false)); console.log('without triggers replies ms, grades ms:', once(true)); }
