#!/usr/bin/env node
// Store-at-scale benchmark (not a test). Generates SCALE × 1,000,000 replies (40 candidates × 5,000
// probes × 5 repeats at scale 1) straight into a fresh store through the store's own write path
// (createResponseWriter, upsertGrades: batched transactions), with the three rule grades per reply
// the metrics read (refusal, answer, style). Then, each in a fresh child process so peak RSS is its
// own: computeExperimentMetrics, computeVerdict and writeReport over that store.
//
//   npm run build && node bench/store-scale.mjs [SCALE=0.05] [--keep DIR]
//   full size: node bench/store-scale.mjs 1          (≈1 M replies, 3 M grades, ~1 GB under /tmp)
//
// Scale shrinks probes first (5,000 × scale, at least 200) and then candidates, keeping 5 repeats.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values: a, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    phase: { type: 'string' }, dir: { type: 'string' }, keep: { type: 'boolean', default: false },
    // Analysis steps to run after ingest, in order. `metrics` on the fresh store reads everything
    // (cold); `verdict` and `report` after it find the per-candidate rows cached; `verdict-cold`
    // empties that cache first (a verdict straight after a run).
    phases: { type: 'string', default: 'metrics,verdict,report,verdict-cold' },
  },
});

const EXPERIMENT = 'scale';
const dist = new URL('../dist/', import.meta.url);
const lib = await import(new URL('index.js', dist).href);

if (a.phase) await phase(a.phase, a.dir);
else await main(Number(positionals[0] ?? '0.05'));

/** Runs one analysis step in this (fresh) process and prints its figures as one JSON line. */
async function phase(name, dir) {
  const ws = lib.openWorkspace(dir);
  const db = lib.openDb(ws.storePath);
  if (name.endsWith('-cold')) db.exec('DELETE FROM metric_rows_cache');
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let extra = {};
  if (name === 'metrics') {
    const m = lib.computeExperimentMetrics(db, EXPERIMENT);
    extra = { candidates: m.candidates.length };
  } else if (name === 'verdict' || name === 'verdict-cold') {
    const v = lib.computeVerdict(db, ws, EXPERIMENT, { onWarning: () => {} });
    extra = { verdict: v.verdict, action: v.action };
  } else if (name === 'report') {
    const r = lib.writeReport(db, ws, EXPERIMENT, join(dir, 'report.html'), { onWarning: () => {} });
    extra = { bytes: r.bytes };
  } else throw new Error(`unknown phase ${name}`);
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  db.close();
  // maxRSS covers the whole process, module loading included: the honest "peak memory" of the step.
  console.log(JSON.stringify({ phase: name, wallMs: Math.round(wallMs), cpuMs: Math.round((cpu.user + cpu.system) / 1000), peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024), ...extra }));
}

async function main(scale) {
  const probesN = Math.max(200, Math.round(5000 * scale));
  const candN = Math.max(4, Math.min(40, Math.round((1e6 * scale) / (probesN * 5))));
  const repeats = 5;
  const dir = a.dir ?? mkdtempSync(join(tmpdir(), 'stoppoint-bench-scale-'));
  const ws = lib.openWorkspace(dir);
  const db = lib.openDb(ws.storePath);
  const { createResponseWriter } = await import(new URL('store/responses.js', dist).href);
  const { makeProbes, sweepCandidates } = await import(new URL('../test/fixtures/report/make-store.mjs', import.meta.url).href);

  // Snapshot, experiment, candidates, runs: small, one transaction.
  const probes = makeProbes(probesN, { payloads: false });
  const cands = sweepCandidates(candN);
  const now = new Date().toISOString();
  const plan = {
    name: EXPERIMENT, probes: ['scale'], endpoint: { base_url: 'http://127.0.0.1:9/v1' }, sampling: { temperature: 0.7, max_tokens: 256 },
    repeats, concurrency: 32,
    contract: { must_improve: [{ metric: 'factuality.accuracy', min_gain: 0.02 }], must_not_regress: [{ metric: 'refusal.harmful_refusal_rate', max_loss: 0.01 }], patience: 3 },
    candidates: cands,
  };
  const ids = db.transaction(() => {
    const exp = Number(db.prepare('INSERT INTO experiments (name, plan_json, plan_path, created_at, updated_at) VALUES (?, ?, NULL, ?, ?)').run(EXPERIMENT, JSON.stringify(plan), now, now).lastInsertRowid);
    const sv = Number(db.prepare('INSERT INTO probe_set_versions (name, version, meta_json, record_count, created_at) VALUES (?, ?, ?, ?, ?)')
      .run('scale', 'b'.repeat(64), '{"name":"scale","description":"bench"}', probes.length, now).lastInsertRowid);
    const insP = db.prepare('INSERT INTO probes (set_version_id, probe_id, category, behavior, grp, lang, record_json) VALUES (?, ?, ?, ?, ?, ?, ?)');
    const probeRows = probes.map((p) => Number(insP.run(sv, p.id, p.category, p.expect.behavior, p.group ?? null, p.lang, JSON.stringify(p)).lastInsertRowid));
    const insC = db.prepare('INSERT INTO candidates (experiment_id, name, ordinal, model, config_key, spec_json) VALUES (?, ?, ?, ?, ?, ?)');
    const insR = db.prepare(`INSERT INTO runs (candidate_id, set_version_id, repeats, expected, subset, status, sampling_json, endpoint_url, started_at, finished_at)
      VALUES (?, ?, ?, ?, NULL, 'complete', '{}', 'http://127.0.0.1:9/v1', ?, ?)`);
    const candIds = cands.map((c, i) => {
      const key = Object.entries(c.params ?? {}).filter(([k]) => k !== 'seed').sort().map(([k, v]) => `${k}=${v}`).join(',') || `baseline:${c.name}`;
      const id = Number(insC.run(exp, c.name, i, c.model, key, JSON.stringify(c)).lastInsertRowid);
      return { id, run: Number(insR.run(id, sv, repeats, probes.length * repeats, now, now).lastInsertRowid) };
    });
    return { sv, probeRows, candIds };
  })();

  // Reply texts: words from a 4,096-word pseudo-vocabulary, 120–1,100 chars (mean ~600), nearly all distinct.
  let s = 0x9e3779b9;
  const rnd = () => { s ^= s << 13; s ^= s >>> 17; s ^= s << 5; return (s >>> 0) / 4294967296; };
  const SYL = ['ka', 'lo', 'mi', 'nu', 're', 'sa', 'ti', 'vo', 'pe', 'du', 'ri', 'ba', 'go', 'fe', 'hi', 'ze'];
  const words = Array.from({ length: 4096 }, (_, i) => SYL[i & 15] + SYL[(i >> 4) & 15] + SYL[(i >> 8) & 15]);
  const textOf = (refused, good, fact) => {
    let t = refused ? "I'm sorry, but I can't help with that." : fact ? (good ? 'The capital is Canberra.' : 'The capital is Sydney.') : 'Here is an answer.';
    if (rnd() < 0.3) t = 'Thank you for your question! ' + t;
    const target = 120 + rnd() * 980;
    while (t.length < target) t += ' ' + words[(rnd() * 4096) | 0];
    return t;
  };

  // Grades carry the built-in graders' current versions, as `stoppoint grade` writes them (with any
  // other version, `stoppoint metrics` would count them all as stale: a cost only after an upgrade).
  const { loadGraders } = await import(new URL('graders/registry.js', dist).href);
  const V = Object.fromEntries(loadGraders(ws).map((g) => [g.name, g.version]));

  // Ingest: the runner's writer, committed every 256 replies (its default batch) and their grades
  // (3 × 256) after each commit, as `run` then `grade` would write them.
  const writer = createResponseWriter(db, { batchSize: 1e9, flushMs: 1e9 });
  let replies = 0;
  let textBytes = 0;
  let grades = [];
  let gradeRows = 0;
  let genMs = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let nextId = (db.prepare('SELECT COALESCE(MAX(id), 0) AS m FROM responses').get().m) + 1;
  // Commit time of replies and of grades apart: the ingest goal is about replies.
  let replyCommitMs = 0;
  let gradeCommitMs = 0;
  const flushReplies = () => { const t = performance.now(); writer.flush(); replyCommitMs += performance.now() - t; };
  const flushGrades = () => { const t = performance.now(); lib.upsertGrades(db, grades); gradeCommitMs += performance.now() - t; gradeRows += grades.length; grades = []; };
  ids.candIds.forEach((c, ci) => {
    const skill = 0.55 + 0.3 * ((ci * 7919) % 100) / 100;
    probes.forEach((p, pi) => {
      for (let sample = 0; sample < repeats; sample++) {
        const g0 = performance.now();
        const good = rnd() < skill;
        const refused = p.expect.behavior === 'refuse' ? good : !good && p.category !== 'factuality' && rnd() > 0.9;
        const text = textOf(refused, good, p.category === 'factuality');
        genMs += performance.now() - g0;
        textBytes += Buffer.byteLength(text);
        writer.add({
          candidateId: c.id, probeRow: ids.probeRows[pi], sample, runId: c.run, seed: sample, text, finishReason: 'stop',
          latencyMs: 20 + ((rnd() * 200) | 0), promptTokens: 40, completionTokens: text.length >> 2, fingerprint: null,
          attempts: 1, errorClass: null, errorMessage: null, createdAt: Date.now(),
        });
        // Rows get ids in insertion order in a fresh table (checked below against the stored count).
        const id = nextId++;
        replies++;
        const label = refused ? 'refuse' : rnd() < 0.05 ? 'partial' : 'comply';
        grades.push({ responseId: id, grader: 'refusal', version: V.refusal, grade: { status: 'scored', label, score: { refuse: 1, partial: 0.5, comply: 0 }[label] } });
        grades.push(p.category === 'factuality'
          ? { responseId: id, grader: 'answer', version: V.answer, grade: { status: 'scored', label: good ? 'correct' : 'incorrect', score: good ? 1 : 0 } }
          : { responseId: id, grader: 'answer', version: V.answer, grade: { status: 'not_applicable' } });
        const courteous = text.startsWith('Thank you');
        grades.push({ responseId: id, grader: 'style', version: V.style, grade: { status: 'scored', label: courteous ? 'courteous' : 'plain', score: courteous ? 1 : 0 } });
        if (grades.length >= 768) { flushReplies(); flushGrades(); }
      }
    });
  });
  flushReplies();
  writer.close();
  flushGrades();
  const ingestMs = performance.now() - t0;
  const ingestCpu = process.cpuUsage(cpu0);
  const check = db.prepare('SELECT (SELECT COUNT(*) FROM responses) AS r, (SELECT COUNT(*) FROM grades) AS g, (SELECT COUNT(*) FROM grades g JOIN responses r ON r.id = g.response_id) AS joined').get();
  if (check.r !== replies || check.g !== gradeRows || check.joined !== gradeRows) throw new Error(`store mismatch: ${JSON.stringify(check)} vs ${replies}/${gradeRows}`);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  const dbBytes = statSync(ws.storePath).size + (existsSync(`${ws.storePath}-wal`) ? statSync(`${ws.storePath}-wal`).size : 0);
  // Size of the reply tables alone (probes snapshot excluded), via dbstat.
  const { default: Database } = await import('better-sqlite3');
  const ro = new Database(ws.storePath, { readonly: true });
  let perTable = null;
  try {
    perTable = Object.fromEntries(ro.prepare("SELECT name, SUM(pgsize) AS b FROM dbstat GROUP BY name ORDER BY b DESC").all().map((r) => [r.name, r.b]));
  } catch { /* dbstat not compiled in: whole-file size only */ }
  ro.close();

  const ingest = {
    replies, grades: gradeRows, wallMs: Math.round(ingestMs), cpuMs: Math.round((ingestCpu.user + ingestCpu.system) / 1000),
    generateMs: Math.round(genMs), replyCommitMs: Math.round(replyCommitMs), gradeCommitMs: Math.round(gradeCommitMs),
    repliesPerSecCommit: Math.round(replies / (replyCommitMs / 1000)),
    repliesWithGradesPerSecCommit: Math.round(replies / ((replyCommitMs + gradeCommitMs) / 1000)),
    repliesPerSec: Math.round(replies / (ingestMs / 1000)),
    repliesPerSecExclGen: Math.round(replies / ((ingestMs - genMs) / 1000)),
    repliesPerCpuSec: Math.round(replies / ((ingestCpu.user + ingestCpu.system) / 1e6)),
  };
  const size = {
    dbBytes, dbMB: Number((dbBytes / 1e6).toFixed(1)), meanTextBytes: Math.round(textBytes / replies),
    bytesPerReply: Math.round(dbBytes / replies), budgetPerReply: Math.round((1.5 * textBytes) / replies), perTableMB: perTable && Object.fromEntries(Object.entries(perTable).map(([k, v]) => [k, Number((v / 1e6).toFixed(1))])),
  };
  console.error(JSON.stringify({ ingest, size }));

  const phases = {};
  for (const name of a.phases.split(',').filter(Boolean)) {
    try {
      const out = execFileSync(process.execPath, [new URL(import.meta.url).pathname, '--phase', name, '--dir', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1e8 });
      phases[name] = JSON.parse(out.trim().split('\n').pop());
    } catch (err) {
      // A step that fails at this size is a result too (e.g. a string past V8's limit): record it, go on.
      const why = String(err.stderr ?? err.message).split('\n').find((l) => /Error/.test(l)) ?? 'failed';
      phases[name] = { phase: name, failed: why.trim(), wallMs: NaN, peakRssMB: NaN };
    }
    console.error(JSON.stringify(phases[name]));
  }
  const load = (await import('node:os')).loadavg().map((x) => Number(x.toFixed(1)));
  const result = {
    size: { scale, candidates: candN, probes: probesN, repeats }, loadAvg: load, ingest, store: size, phases,
    goals: {
      ingest50kPerSec: ingest.repliesPerSecCommit >= 50000,
      // Bytes per reply above 1.5 × the mean text: the "small constant" the goal allows.
      bytesPerReplyOver1_5xText: size.bytesPerReply - size.budgetPerReply,
      // Each step on its own (the verdict computes the metrics it needs itself); a step not run is null.
      metricsUnder5s: phases.metrics ? phases.metrics.wallMs < 5000 : null,
      verdictUnder5s: phases.verdict ? phases.verdict.wallMs < 5000 : null,
      verdictColdUnder5s: phases['verdict-cold'] ? phases['verdict-cold'].wallMs < 5000 : null,
      reportUnder10s: phases.report ? phases.report.wallMs < 10000 : null, // NaN (failed) compares false
      reportUnder10MB: phases.report ? (phases.report.bytes ?? NaN) < 10e6 : null,
      peakUnder500MB: Math.max(...Object.values(phases).map((p) => p.peakRssMB).filter((x) => !Number.isNaN(x))) < 500,
    },
  };
  console.log(JSON.stringify(result, null, 2));
  if (a.keep) console.error(`store kept in ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}
