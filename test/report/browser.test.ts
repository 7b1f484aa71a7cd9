import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostileReport, PAYLOADS } from './helpers.js';

/** Debian's Chromium, as CI installs it (.ci/run). Missing is a failure, never a skip. */
const CHROMIUM = '/usr/bin/chromium';
const LAUNCH_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const artifacts = resolve(import.meta.dirname, '..', 'artifacts');

let browser: Browser;
let reportUrl: string;
let reportFile: string;
/** A report whose reply texts do not all fit its (small) text budget. */
let selectionUrl: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM}: the report is tested in a real browser. Install it with \`apt-get install -y chromium\` (.ci/run does).`);
  }
  browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
  // The fixture's store lives in a temporary folder; the report goes to test/artifacts/ to be looked at.
  const f = hostileReport({ candidates: 12, probes: 40, longReplies: 700 });
  f.db.close();
  const dir = join(artifacts, 'report');
  mkdirSync(dir, { recursive: true });
  reportFile = join(dir, 'report.html');
  writeFileSync(reportFile, f.html);
  reportUrl = pathToFileURL(reportFile).href;
  const s = hostileReport({ candidates: 8, probes: 40, replyChars: 300, textBudget: 6_000 });
  s.db.close();
  const selectionFile = join(dir, 'report-selection.html');
  writeFileSync(selectionFile, s.html);
  selectionUrl = pathToFileURL(selectionFile).href;
});

afterAll(async () => {
  await browser?.close();
});

interface Opened {
  page: Page;
  console: string[];
  requests: string[];
  dialogs: string[];
}

async function open(url: string = reportUrl): Promise<Opened> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const o: Opened = { page, console: [], requests: [], dialogs: [] };
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') o.console.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => o.console.push(`pageerror: ${e.message}`));
  page.on('request', (r) => o.requests.push(r.url()));
  page.on('dialog', (d) => {
    o.dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(url);
  await page.waitForSelector('body[data-explorer="ready"]', { timeout: 10_000 });
  return o;
}

// textContent, not innerText: sections off screen skip layout (content-visibility), and innerText
// reads nothing from them until they are scrolled to.
const countText = async (page: Page): Promise<string> => (await page.locator('#explorer-count').textContent()) ?? '';
const rowKeys = (page: Page): Promise<string[]> => page.locator('#explorer-rows tr > th code').allTextContents();

function nOfN(text: string): [number, number] {
  const m = /^(\d+) of (\d+) probes changed outcome/.exec(text);
  if (!m) throw new Error(`no "n of N" in ${JSON.stringify(text)}`);
  return [Number(m[1]), Number(m[2])];
}

describe('the report in Chromium', () => {
  it('loads from file:// with no console error or warning and no request but its own file', async () => {
    const o = await open();
    expect(o.console).toEqual([]);
    expect(o.requests).toEqual([reportUrl]);
    // Every reply's text fits this report: nothing says otherwise.
    expect(await o.page.locator('#f-texts').count()).toBe(0);
    expect(await o.page.locator('#explorer-embedding').textContent()).toMatch(/^Every reply's text is in this page \([\d,]+ replies\)\.$/);
    mkdirSync(artifacts, { recursive: true });
    await o.page.screenshot({ path: join(artifacts, 'report-top.png') });
    await o.page.locator('#explorer').screenshot({ path: join(artifacts, 'report-explorer.png') });
    await o.page.close();
  });

  it('renders every kind of chart with its data points, as valid SVG', async () => {
    const o = await open();
    const counts = await o.page.evaluate(() => {
      const by = (cls: string) => [...document.querySelectorAll(`svg.chart.${cls}`)];
      const points = (cls: string) => by(cls).reduce((n, svg) => n + svg.querySelectorAll('.pt').length, 0);
      const parseErrors = [...document.querySelectorAll('svg.chart')].filter((svg) => {
        const doc = new DOMParser().parseFromString(new XMLSerializer().serializeToString(svg), 'image/svg+xml');
        return doc.querySelector('parsererror') !== null;
      }).length;
      const sized = [...document.querySelectorAll('svg.chart')].every((svg) => svg.getBoundingClientRect().width > 100);
      return {
        lineBands: points('line-bands'), bands: document.querySelectorAll('svg.line-bands .band').length,
        dual: points('dual-axis'), lossLines: document.querySelectorAll('svg.dual-axis .loss').length,
        divergence: document.querySelectorAll('svg.dual-axis .divergence').length,
        strip: points('strip'), cells: document.querySelectorAll('svg.heatmap .cell').length,
        params: points('param-effect'), parseErrors, sized,
      };
    });
    expect(counts.lineBands).toBe(12 * 7); // 12 candidates × 7 metrics with values
    expect(counts.bands).toBeGreaterThanOrEqual(7);
    expect(counts.dual).toBeGreaterThan(0);
    expect(counts.lossLines).toBe(2);
    expect(counts.divergence).toBe(1);
    expect(counts.strip).toBeGreaterThan(0);
    expect(counts.cells).toBeGreaterThan(0);
    expect(counts.params).toBeGreaterThan(0);
    expect(counts.parseErrors).toBe(0);
    expect(counts.sized).toBe(true);
    await o.page.close();
  });

  it('explorer: filters change the listed rows and the "n of N" text', async () => {
    const o = await open();
    const { page } = o;
    const first = await countText(page);
    const [n0, N0] = nOfN(first);
    expect(N0).toBe(40);
    expect(await rowKeys(page)).toHaveLength(n0);

    await page.selectOption('#f-category', 'refusal');
    const [n1, N1] = nOfN(await countText(page));
    expect(N1).toBe(10);
    expect(await countText(page)).toContain('10 of 40 probes match the filters');
    expect(await rowKeys(page)).toHaveLength(n1);
    const cats = await page.locator('#explorer-rows tr > td:nth-child(2)').allTextContents();
    expect(new Set(cats)).toEqual(n1 > 0 ? new Set(['refusal']) : new Set());
    await page.selectOption('#f-category', '');

    await page.selectOption('#f-lang', 'zh');
    expect(nOfN(await countText(page))[1]).toBe(8);
    await page.selectOption('#f-lang', '');
    await page.selectOption('#f-tag', 'medical');
    expect(nOfN(await countText(page))[1]).toBe(14);
    await page.selectOption('#f-tag', '');

    await page.selectOption('#f-grader', '*');
    const [nAll] = nOfN(await countText(page));
    expect(nAll).toBeGreaterThanOrEqual(n0);
    await page.selectOption('#f-grader', 'answer');
    const [nAnswer] = nOfN(await countText(page));
    expect(nAnswer).toBeLessThan(nAll);
    await page.selectOption('#f-grader', '');

    await page.check('#f-all');
    expect(await rowKeys(page)).toHaveLength(40);
    await page.uncheck('#f-all');
    expect(await countText(page)).toBe(first);
    await page.close();
  });

  it('explorer: picking two other candidates changes the list; columns sort', async () => {
    const o = await open();
    const { page } = o;
    const before = await rowKeys(page);
    await page.selectOption('#cand-a', 'lr2e-4-r8-s1');
    await page.selectOption('#cand-b', 'ckpt-100');
    const text = await countText(page);
    expect(text).toContain('between lr2e-4-r8-s1 and ckpt-100');
    const after = await rowKeys(page);
    expect(after).not.toEqual(before);
    expect(await page.locator('#head-b').textContent()).toBe('ckpt-100');

    await page.click('button[data-sort="delta"]');
    await expect.poll(() => page.locator('th:has(button[data-sort="delta"])').getAttribute('aria-sort')).toBe('ascending');
    const deltas = (await page.locator('#explorer-rows tr > td:last-child').allTextContents()).map((t) =>
      t === 'n/a' ? Number.NaN : Number(t.replace('−', '-').replace('±', '').replace(' pts', '')),
    );
    const known = deltas.filter((d) => !Number.isNaN(d));
    expect(known).toEqual([...known].sort((a, b) => a - b));
    await page.close();
  });

  it('replies and texts carrying markup never execute and read as text', async () => {
    const o = await open();
    const { page } = o;
    await page.check('#f-all');
    await page.selectOption('#f-grader', '*');
    await page.evaluate(() => document.querySelectorAll('details').forEach((d) => d.setAttribute('open', '')));
    // Full replies join the page on the (asynchronous) toggle event.
    await expect.poll(() => page.locator('.full-text').count()).toBeGreaterThan(0);
    // Rendered as text: scrolled into view, each payload reads as itself in the page's visible text.
    const visible: string[] = [];
    for (const id of ['verdict', 'contract', 'configurations', 'explorer', 'risks']) {
      await page.locator(`#${id}`).scrollIntoViewIfNeeded();
      visible.push(await page.locator(`#${id}`).innerText());
    }
    for (const p of PAYLOADS) expect(visible.join('\n')).toContain(p);
    const injected = await page.evaluate(() => ({
      scripts: document.querySelectorAll('script').length,
      imgs: document.querySelectorAll('img').length,
      links: document.querySelectorAll('a[href^="javascript"], [onerror], [onclick], textarea').length,
    }));
    expect(injected).toEqual({ scripts: 2, imgs: 0, links: 0 });
    await page.selectOption('#cand-a', 'ckpt-200');
    await page.waitForTimeout(200);
    expect(o.dialogs).toEqual([]);
    expect(o.console).toEqual([]);
    await page.close();
  });

  it('a reply whose text is not in the page shows how to print it, with no console error', async () => {
    const o = await open(selectionUrl);
    const { page } = o;
    expect(await page.locator('#explorer-embedding').textContent()).toMatch(/the texts of \d+ replies are embedded/);
    expect(await page.locator('ul.embedded-pairs li').count()).toBeGreaterThanOrEqual(2);
    const [n] = nOfN(await countText(page));
    const m = new RegExp(`; reply texts in this page for (\\d+) of the ${n} listed\\.$`).exec(await countText(page));
    expect(m).not.toBeNull();
    const withText = Number(m![1]);
    const omitted = page.locator('#explorer-rows .reply').filter({ hasText: 'text not embedded' });
    expect(await omitted.count()).toBeGreaterThan(0);
    const hint = await omitted.first().locator('code.export-hint').textContent();
    expect(hint).toMatch(/^stoppoint export fixture --candidate [\w.-]+ --probe [\w-]+$/);
    expect(await page.locator('#explorer-rows .reply-text').count()).toBeGreaterThan(0);
    await page.check('#f-texts');
    expect(await rowKeys(page)).toHaveLength(withText);
    expect(await page.locator('#explorer-rows .reply').filter({ hasText: 'text not embedded' }).count()).toBe(0);
    await page.uncheck('#f-texts');
    // Another pair, with every probe listed: still no error.
    await page.selectOption('#cand-a', 'lr2e-4-r8-s1');
    await page.check('#f-all');
    expect(await rowKeys(page)).toHaveLength(40);
    expect(o.console).toEqual([]);
    await page.close();
  });
});
