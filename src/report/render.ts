import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import Handlebars from 'handlebars';
import { FaultError } from '../errors.js';
import { packageRoot } from '../workspace.js';
import { packInt32, packJson, packJsonOnce } from './pack.js';
import type { ExplorerData, ReportData } from './types.js';
import { buildView } from './view/index.js';

/** Templates ship with the package (package.json `files` lists `templates`). */
export const reportTemplatesDir = join(packageRoot, 'templates', 'report');

interface Compiled {
  layout: Handlebars.TemplateDelegate;
  css: string;
  script: string;
  version: string;
}

let compiled: Compiled | undefined;

function load(dir: string = reportTemplatesDir): Compiled {
  if (compiled) return compiled;
  const read = (file: string): string => {
    try {
      return readFileSync(join(dir, file), 'utf8');
    } catch (err) {
      throw new FaultError(`report template ${join(dir, file)} is missing: is the package installed completely?`, { cause: err });
    }
  };
  // An isolated instance: helpers and partials registered here cannot leak into or from other users.
  const hb = Handlebars.create();
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  for (const file of readdirSync(join(dir, 'partials')).filter((f) => f.endsWith('.hbs'))) {
    hb.registerPartial(basename(file, '.hbs'), read(join('partials', file)));
  }
  // The explorer's logic (explorer.js, also run by the tests) and its page side, as the one script the CSP allows.
  const script = `${read('explorer.js')}\n${read('explorer-page.js')}`;
  if (/<\/script/i.test(script)) throw new FaultError('report: the explorer script must not contain "</script"');
  compiled = {
    layout: hb.compile(read('layout.hbs'), { strict: true }),
    css: read('style.css'),
    script,
    version: packageVersion(),
  };
  return compiled;
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : 'unknown';
}

/** CSP hash source of an inline script, over its exact text. */
export function scriptHash(script: string): string {
  return `'sha256-${createHash('sha256').update(script, 'utf8').digest('base64')}'`;
}

/**
 * The Content-Security-Policy: nothing may load from anywhere, inline styles are allowed, and the
 * only script that runs is the explorer, pinned by its hash. (frame-ancestors is not allowed in a
 * meta tag, so it is not given.)
 */
export function contentSecurityPolicy(script: string): string {
  return [
    "default-src 'none'",
    "style-src 'unsafe-inline'",
    `script-src ${scriptHash(script)}`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/**
 * JSON for a <script type="application/json"> block: `<`, `>`, `&` and the JavaScript line separators
 * are written as \u escapes, so no reply text can close the script element or start markup.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * The explorer's data as the page embeds it: outcome codes, reply indices and reply texts packed
 * (pack.ts), everything else as is. Full texts of cut replies are packed apart: the page inflates
 * them only when an expander opens.
 */
export type ExplorerPage = Omit<ExplorerData, 'outcomes' | 'replies' | 'texts' | 'full'> & {
  packedOutcomes: string;
  packedReplies: string;
  packedTexts: string;
  packedFull: string;
};

export function explorerPage(explorer: ExplorerData): ExplorerPage {
  const { outcomes, replies, texts, full, ...rest } = explorer;
  return {
    ...rest,
    packedOutcomes: packJson(outcomes),
    packedReplies: packInt32(replies),
    packedTexts: packJsonOnce(texts),
    packedFull: packJsonOnce(full),
  };
}

/** Renders the self-contained HTML report. Every text goes through Handlebars' escaping. */
export function renderReport(data: ReportData): string {
  const t = load();
  return t.layout({
    view: buildView(data),
    css: t.css,
    script: t.script,
    csp: contentSecurityPolicy(t.script),
    dataJson: jsonForScript(explorerPage(data.explorer)),
    version: t.version,
  });
}
