import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Db } from '../store/db.js';
import type { VerdictOptions } from '../verdict/compute.js';
import type { Workspace } from '../workspace.js';
import { buildReportData } from './data.js';
import { renderReport } from './render.js';

export interface WrittenReport {
  path: string;
  bytes: number;
}

/** Where `stoppoint report EXPERIMENT` writes by default: runs/reports/EXPERIMENT.html. */
export function defaultReportPath(ws: Workspace, experiment: string): string {
  return join(ws.reportsDir, `${experiment}.html`);
}

/**
 * Builds and writes the self-contained HTML report of an experiment. A relative `outFile` is taken
 * from the current directory, as a user typing `-o report.html` expects.
 */
export function writeReport(
  db: Db,
  ws: Workspace,
  experiment: string,
  outFile?: string,
  options: VerdictOptions & { now?: Date } = {},
): WrittenReport {
  const html = renderReport(buildReportData(db, ws, experiment, options));
  const path = outFile === undefined ? defaultReportPath(ws, experiment) : resolve(outFile);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, html);
  return { path, bytes: Buffer.byteLength(html) };
}

export { buildReportData, assembleReportData, TEXT_BUDGET_BYTES, type ReportInputs } from './data.js';
export { renderReport } from './render.js';
export type * from './types.js';
