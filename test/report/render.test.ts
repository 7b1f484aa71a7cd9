import { createHash } from 'node:crypto';
import Handlebars from 'handlebars';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, jsonForScript, renderReport } from '../../src/report/render.js';
import { unpackInt32, unpackJson } from '../../src/report/pack.js';
import { assembleReportData } from '../../src/report/data.js';
import { hostileReport, reportFixture } from './helpers.js';
import { assertWellFormedXml } from './xml.js';
// @ts-expect-error -- plain JavaScript fixture generator
import { PAYLOADS } from '../fixtures/report/make-store.mjs';

const payloads = PAYLOADS as string[];

/** The entities Handlebars writes in attribute values, decoded as a browser does. */
function decodeAttribute(v: string): string {
  return v.replace(/&#x27;/g, "'").replace(/&#x3D;/g, '=').replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

describe('renderReport', () => {
  const { html, data } = hostileReport({ candidates: 8, probes: 16 });
  const explorer = data.explorer;

  it('escapes every payload in the HTML: no raw payload anywhere in the file', () => {
    for (const p of payloads) {
      expect(html).not.toContain(p);
      expect(html).toContain(Handlebars.escapeExpression(p));
    }
  });

  it('has exactly two script elements: the JSON data and the explorer', () => {
    expect(html.match(/<script/gi)).toHaveLength(2);
    expect(html.match(/<\/script>/gi)).toHaveLength(2);
  });

  it('embeds the explorer data as JSON that cannot close its element and parses back unchanged', () => {
    const m = /<script type="application\/json" id="data">([\s\S]*?)<\/script>/.exec(html);
    expect(m).not.toBeNull();
    const text = m![1]!;
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    type Packed = { packedOutcomes: string; packedReplies: string; packedTexts: string; packedFull: string };
    const { packedOutcomes, packedReplies, packedTexts, packedFull, ...rest } = JSON.parse(text) as Packed & Record<string, unknown>;
    const { outcomes, replies, texts, full, ...plain } = explorer;
    expect(rest).toEqual(plain);
    expect(unpackJson(packedOutcomes)).toEqual(outcomes);
    expect(unpackInt32(packedReplies)).toEqual(replies);
    expect(unpackJson(packedTexts)).toEqual(texts);
    expect(unpackJson(packedFull)).toEqual(full);
  });

  it('pins the inline script with a CSP hash of its exact text', () => {
    const attr = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
    expect(attr).toBeDefined();
    const csp = decodeAttribute(attr!);
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1]!;
    const hash = createHash('sha256').update(script, 'utf8').digest('base64');
    expect(csp).toContain(`script-src 'sha256-${hash}'`);
    expect(csp).toMatch(/^default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-[A-Za-z0-9+/]+=*'; img-src data:;/);
    // The page's hash changes with the script: a tampered script would not run.
    expect(contentSecurityPolicy(script + ' ')).not.toContain(hash);
  });

  it('loads nothing from anywhere: no external URL, no resource element', () => {
    const attrs = [...html.matchAll(/\s(src|href|action|srcset|poster|formaction|data)\s*=\s*"([^"]*)"/gi)];
    for (const [, name, value] of attrs) expect(`${name}=${value}`).toMatch(/^href=#[\w-]+$/);
    expect(html).not.toMatch(/<(link|img|iframe|object|embed|base|form)\b/i);
    expect(html).not.toMatch(/@import|url\(/i);
  });

  it('has accessible table semantics and text next to colour for pass/fail', () => {
    expect(html).toMatch(/<caption>/);
    expect(html).not.toMatch(/<th(?=[\s>])(?![^>]*scope=)[^>]*>/); // every header cell has a scope
    expect(html).toContain('✗ broken');
    expect(html).toContain('✓ met');
    expect(html).toContain('■ STOP');
  });

  it('renders every chart as well-formed SVG', () => {
    const svgs = html.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
    expect(svgs.length).toBeGreaterThan(5);
    for (const svg of svgs) assertWellFormedXml(svg);
  });
});

describe('jsonForScript', () => {
  it('escapes markup characters and the JavaScript line separators', () => {
    const s = jsonForScript({ t: '</script><script>alert(1)</script>&\u2028\u2029' });
    expect(s).toBe('{"t":"\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e\\u0026\\u2028\\u2029"}');
    expect(JSON.parse(s)).toEqual({ t: '</script><script>alert(1)</script>&\u2028\u2029' });
  });
});

describe('renderReport with little to show', () => {
  it('renders a single baseline with no contract, signal, log or seeds, and says so', () => {
    const f = reportFixture({ candidates: 1, probes: 4, repeats: 1 });
    const verdict = { ...f.verdict, verdict: 'continue' as const, action: 'keep-tuning' as const, freeze_candidate: null, signals: f.verdict.signals.map((s) => ({ ...s, fired: false })), contract: [], freeze_risks: [] };
    const data = assembleReportData(f.db, f.made.experiment, { metrics: f.metrics, verdict }, new Date('2025-01-01T00:00:00Z'));
    const html = renderReport(data);
    expect(html).toContain('▶ CONTINUE');
    expect(html).toContain('No stop signal fired');
    expect(html).toContain('The plan declares no stop contract');
    expect(html).toContain('Fewer than two configurations (or metrics) to rank.');
    expect(html).toContain('The verdict lists no freeze risk.');
    expect(html).not.toContain('id="training"');
    expect(html).not.toContain('id="seeds"');
    for (const svg of html.match(/<svg[\s\S]*?<\/svg>/g) ?? []) assertWellFormedXml(svg);
  });
});
