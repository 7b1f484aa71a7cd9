#!/usr/bin/env node
// Report benchmark (not a test): builds a store of CANDIDATES × PROBES × REPEATS replies directly
// through SQL, writes the HTML report with the real metrics, verdict and renderer, then opens it in
// Debian's Chromium from file:// and times it. Goal (issue 6): opens in < 2 s, stays < 5 MB.
//
//   npm run build && node bench/report.mjs [--candidates 20] [--probes 300] [--repeats 3]
//                                          [--reply-chars 400] [--opens 3] [--keep]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { openDb, openWorkspace, writeReport } from '../dist/index.js';
import { unpackJson } from '../dist/report/pack.js';
import { makeReportStore } from '../test/fixtures/report/make-store.mjs';

const { values: a } = parseArgs({
  options: {
    candidates: { type: 'string', default: '20' },
    probes: { type: 'string', default: '300' },
    repeats: { type: 'string', default: '3' },
    'reply-chars': { type: 'string', default: '400' },
    opens: { type: 'string', default: '3' },
    keep: { type: 'boolean', default: false },
  },
});
const n = (k) => Number(a[k]);

const dir = mkdtempSync(join(tmpdir(), 'stoppoint-bench-report-'));
const ws = openWorkspace(dir);
const db = openDb(ws.storePath);
let t = performance.now();
const made = makeReportStore(db, {
  experiment: 'bench', candidates: n('candidates'), probes: n('probes'), repeats: n('repeats'),
  replyChars: n('reply-chars'), payloads: true,
});
const storeMs = performance.now() - t;
const rows = db.prepare('SELECT (SELECT COUNT(*) FROM responses) AS responses, (SELECT COUNT(*) FROM grades) AS grades').get();

t = performance.now();
const written = writeReport(db, ws, made.experiment);
const reportMs = performance.now() - t;
const rssMb = process.memoryUsage().rss / 2 ** 20;
db.close();
// How the reply texts were fitted into the size goal (the explorer's JSON block states it).
const html = readFileSync(written.path, 'utf8');
const json = JSON.parse(/<script type="application\/json" id="data">([\s\S]*?)<\/script>/.exec(html)[1]);
const texts = unpackJson(json.packedTexts);
const truncation = {
  distinctReplies: texts.length, cutAt: json.truncation.limit, cut: Object.keys(json.truncation.cut).length,
  fullTextKept: json.truncation.fullKept, packedTextsMB: Number((json.packedTexts.length / 1e6).toFixed(2)),
  packedFullMB: Number((json.packedFull.length / 1e6).toFixed(2)),
  explorerJsonMB: Number((Buffer.byteLength(JSON.stringify(json)) / 1e6).toFixed(2)),
};

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const url = pathToFileURL(written.path).href;
const opens = [];
for (let i = 0; i < n('opens'); i++) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text()); });
  const start = performance.now();
  await page.goto(url);
  await page.waitForSelector('body[data-explorer="ready"]', { timeout: 30_000 });
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
  opens.push({ wallMs: Math.round(wallMs), ...inPage, switchPairMs: Math.round(switchMs), listAllMs: Math.round(allMs), consoleErrors: errors.length });
  await page.close();
}
await browser.close();

const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
const result = {
  size: { candidates: n('candidates'), probes: n('probes'), repeats: n('repeats'), responses: rows.responses, grades: rows.grades, replyChars: n('reply-chars') },
  storeBuildMs: Math.round(storeMs),
  reportWriteMs: Math.round(reportMs),
  reportBytes: written.bytes,
  reportMB: Number((written.bytes / 1e6).toFixed(2)),
  rssMb: Math.round(rssMb),
  truncation,
  open: { medianWallMs: median(opens.map((o) => o.wallMs)), medianRenderedMs: median(opens.map((o) => o.renderedMs)), runs: opens },
  goals: { underTwoSeconds: median(opens.map((o) => o.wallMs)) < 2000, underFiveMB: written.bytes < 5e6 },
};
console.log(JSON.stringify(result, null, 2));
if (a.keep) console.error(`report kept at ${written.path}`);
else rmSync(dir, { recursive: true, force: true });
