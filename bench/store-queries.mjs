#!/usr/bin/env node
// Times every SQL statement computeExperimentMetrics, computeVerdict and writeReport run over an
// existing store (e.g. the one `node bench/store-scale.mjs 1 --keep --dir DIR` leaves behind):
// per statement, calls, total and slowest execution (an iterate() is timed until exhausted, so it
// includes the caller's work between rows for streamed statements).
//
//   node bench/store-queries.mjs DIR [EXPERIMENT=scale] [metrics|verdict|report]
import { join } from 'node:path';

const [dir, experiment = 'scale', which = 'report'] = process.argv.slice(2);
const lib = await import(new URL('../dist/index.js', import.meta.url).href);
const ws = lib.openWorkspace(dir);
const db = lib.openDb(ws.storePath);
const stats = new Map();
const note = (sql, ms) => {
  const s = stats.get(sql) ?? { calls: 0, totalMs: 0, maxMs: 0 };
  s.calls++; s.totalMs += ms; s.maxMs = Math.max(s.maxMs, ms);
  stats.set(sql, s);
};
const prepare = db.prepare.bind(db);
db.prepare = (sql) => {
  const stmt = prepare(sql);
  for (const m of ['all', 'get', 'run']) {
    const f = stmt[m].bind(stmt);
    stmt[m] = (...args) => { const t = performance.now(); try { return f(...args); } finally { note(sql, performance.now() - t); } };
  }
  const it = stmt.iterate.bind(stmt);
  stmt.iterate = function* (...args) {
    let ms = 0; let t = performance.now();
    const inner = it(...args);
    for (;;) {
      const n = inner.next(); ms += performance.now() - t;
      if (n.done) break;
      yield n.value; t = performance.now();
    }
    note(sql, ms);
  };
  const raw = stmt.raw.bind(stmt);
  stmt.raw = (...a) => { raw(...a); return stmt; };
  return stmt;
};
const t0 = performance.now();
if (which === 'metrics') lib.computeExperimentMetrics(db, experiment);
else if (which === 'verdict') lib.computeVerdict(db, ws, experiment, { onWarning: () => {} });
else lib.writeReport(db, ws, experiment, join(dir, 'q-report.html'), { onWarning: () => {} });
const total = performance.now() - t0;
const rows = [...stats].map(([sql, s]) => ({ sql: sql.replace(/\s+/g, ' ').trim().slice(0, 90), calls: s.calls, totalMs: Math.round(s.totalMs), maxMs: Math.round(s.maxMs) }))
  .sort((x, y) => y.totalMs - x.totalMs);
console.log(JSON.stringify({ which, totalMs: Math.round(total), sqlMs: rows.reduce((x, r) => x + r.totalMs, 0), statements: rows }, null, 1));
db.close();
