#!/usr/bin/env node
// Report benchmark (not a test). Two modes:
//
// 1. Fixture (default): builds a store of CANDIDATES × PROBES × REPEATS replies directly through SQL,
//    writes the HTML report with the real metrics, verdict and renderer, then opens it in Debian's
//    Chromium from file:// and times it. Goal (issue 6): opens in < 2 s, stays < 5 MB.
//      npm run build && node bench/report.mjs [--candidates 20] [--probes 300] [--repeats 3]
//                                             [--reply-chars 400] [--opens 3] [--keep]
//
// 2. Existing store (issue 8: a million replies, e.g. kept by `bench/store-scale.mjs 1 --keep --dir DIR`):
//    times the report's own part apart from the metrics and verdict it starts from —
//    loadSignalInput + verdictOf, then assembleReportData, then renderReport — and the file's size.
//    With --save-inputs the metrics and verdict are written to a file; with --inputs a fresh process
//    reads them back, so its peak RSS is the report's part alone.
//      node bench/report.mjs --store DIR [--experiment scale] [--save-inputs F | --inputs F] [--opens 0]
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const { values: a } = parseArgs({
  options: {
    candidates: { type: 'string', default: '20' },
    probes: { type: 'string', default: '300' },
    repeats: { type: 'string', default: '3' },
    'reply-chars': { type: 'string', default: '400' },
    opens: { type: 'string' },
    keep: { type: 'boolean', default: false },
    store: { type: 'string' },
    experiment: { type: 'string', default: 'scale' },
    inputs: { type: 'string' },
    'save-inputs': { type: 'string' },
    // Another build of the package (default: this checkout's dist/).
    dist: { type: 'string', default: new URL('../dist/', import.meta.url).pathname },
  },
});
const n = (k) => Number(a[k]);
const lib = await import(pathToFileURL(join(a.dist, 'index.js')).href);
const { unpackJson } = await import(pathToFileURL(join(a.dist, 'report', 'pack.js')).href);
const cpuMs = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};
/** Runs fn, returning its value with wall and CPU milliseconds. */
function timed(fn) {
  const c0 = cpuMs();
  const t0 = performance.now();
  const value = fn();
  return { value, wallMs: Math.round(performance.now() - t0), cpuMs: Math.round(cpuMs() - c0) };
}
const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];

const result = a.store ? storeMode() : await fixtureMode();
const opens = Number(a.opens ?? (a.store ? '0' : '3'));
if (opens > 0) result.open = await openInChromium(result.path, opens);
result.loadAvg = loadavg().map((x) => Number(x.toFixed(1)));
console.log(JSON.stringify(result, null, 2));

function storeMode() {
  const ws = lib.openWorkspace(a.store);
  const db = lib.openDb(ws.storePath);
  let inputs;
  let inputsTime = null;
  if (a.inputs) inputs = JSON.parse(readFileSync(a.inputs, 'utf8'));
  else {
    const t = timed(() => {
      const input = lib.loadSignalInput(db, ws, a.experiment, { onWarning: () => {} });
      return { metrics: input.metrics, verdict: lib.verdictOf(input) };
    });
    inputs = t.value;
    inputsTime = { wallMs: t.wallMs, cpuMs: t.cpuMs };
    if (a['save-inputs']) writeFileSync(a['save-inputs'], JSON.stringify(inputs));
  }
  const assembled = timed(() => lib.assembleReportData(db, a.experiment, inputs, new Date()));
  const rendered = timed(() => lib.renderReport(assembled.value));
  db.close();
  const path = join(a.store, 'report-bench.html');
  writeFileSync(path, rendered.value);
  const e = assembled.value.explorer;
  return {
    store: a.store, experiment: a.experiment, path,
    metricsAndVerdict: inputsTime ?? 'read from --inputs',
    assemble: { wallMs: assembled.wallMs, cpuMs: assembled.cpuMs },
    render: { wallMs: rendered.wallMs, cpuMs: rendered.cpuMs },
    reportPart: { wallMs: assembled.wallMs + rendered.wallMs, cpuMs: assembled.cpuMs + rendered.cpuMs },
    bytes: Buffer.byteLength(rendered.value),
    reportMB: Number((Buffer.byteLength(rendered.value) / 1e6).toFixed(2)),
    embedding: e.embedding,
    cutAt: e.truncation.limit,
    // Module loading included: the honest peak of this process.
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

async function fixtureMode() {
  const { makeReportStore } = await import('../test/fixtures/report/make-store.mjs');
  const dir = mkdtempSync(join(tmpdir(), 'stoppoint-bench-report-'));
  const ws = lib.openWorkspace(dir);
  const db = lib.openDb(ws.storePath);
  let t = performance.now();
  const made = makeReportStore(db, {
    experiment: 'bench', candidates: n('candidates'), probes: n('probes'), repeats: n('repeats'),
    replyChars: n('reply-chars'), payloads: true,
  });
  const storeMs = performance.now() - t;
  const rows = db.prepare('SELECT (SELECT COUNT(*) FROM responses) AS responses, (SELECT COUNT(*) FROM grades) AS grades').get();
  const written = timed(() => lib.writeReport(db, ws, made.experiment));
  db.close();
  // How the reply texts were fitted into the size goal (the explorer's JSON block states it).
  const html = readFileSync(written.value.path, 'utf8');
  const json = JSON.parse(/<script type="application\/json" id="data">([\s\S]*?)<\/script>/.exec(html)[1]);
  const texts = unpackJson(json.packedTexts);
  if (!a.keep) process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  else console.error(`report kept at ${written.value.path}`);
  return {
    size: { candidates: n('candidates'), probes: n('probes'), repeats: n('repeats'), responses: rows.responses, grades: rows.grades, replyChars: n('reply-chars') },
    path: written.value.path,
    storeBuildMs: Math.round(storeMs),
    reportWriteMs: written.wallMs,
    reportWriteCpuMs: written.cpuMs,
    reportBytes: written.value.bytes,
    reportMB: Number((written.value.bytes / 1e6).toFixed(2)),
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    truncation: {
      distinctReplies: texts.length, cutAt: json.truncation.limit, cut: Object.keys(json.truncation.cut).length,
      fullTextKept: json.truncation.fullKept, allTexts: json.embedding.all,
      packedTextsMB: Number((json.packedTexts.length / 1e6).toFixed(2)),
      packedFullMB: Number((json.packedFull.length / 1e6).toFixed(2)),
      packedOutcomesMB: Number((json.packedOutcomes.length / 1e6).toFixed(2)),
      explorerJsonMB: Number((Buffer.byteLength(JSON.stringify(json)) / 1e6).toFixed(2)),
    },
    goals: { underFiveMB: written.value.bytes < 5e6 },
  };
}

async function openInChromium(path, count) {
  // Loaded only to open pages: the store mode's peak RSS is then the report's alone.
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const url = pathToFileURL(path).href;
  const runs = [];
  for (let i = 0; i < count; i++) {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors = [];
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(e.message));
    const start = performance.now();
    await page.goto(url);
    await page.waitForSelector('body[data-explorer="ready"]', { timeout: 60_000 });
    const wallMs = performance.now() - start;
    const inPage = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      return {
        domContentLoadedMs: Math.round(nav.domContentLoadedEventEnd),
        loadMs: Math.round(nav.loadEventEnd),
        renderedMs: Number(document.body.getAttribute('data-rendered-ms')),
        marks: Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name.replace('stoppoint:', ''), Math.round(m.startTime)])),
        rows: document.querySelectorAll('#explorer-rows tr').length,
      };
    });
    // One interaction: pick another pair and wait for the list to be redrawn.
    const switchMs = await page.evaluate(() => {
      const b = document.getElementById('cand-b');
      const t0 = performance.now();
      b.value = b.options[b.options.length - 1].value;
      b.dispatchEvent(new Event('change'));
      return performance.now() - t0;
    });
    const allMs = await page.evaluate(() => {
      const box = document.getElementById('f-all');
      const t0 = performance.now();
      box.checked = true;
      box.dispatchEvent(new Event('change'));
      return performance.now() - t0;
    });
    runs.push({ wallMs: Math.round(wallMs), ...inPage, switchPairMs: Math.round(switchMs), listAllMs: Math.round(allMs), consoleErrors: errors.length });
    await page.close();
  }
  await browser.close();
  const medianWallMs = median(runs.map((o) => o.wallMs));
  return { medianWallMs, medianRenderedMs: median(runs.map((o) => o.renderedMs)), underTwoSeconds: medianWallMs < 2000, runs };
}
