import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, resolve } from 'node:path';
import { FaultError } from '../errors.js';
import type { GateResult } from './gate.js';
import { gateToJUnit, verdictToJUnit, type JUnitContext } from './junit.js';
import { gateToMarkdown, verdictToMarkdown } from './markdown.js';
import type { Verdict } from './schema.js';

/** `--junit FILE` / `--markdown FILE` of `verdict` and `gate`. */
export interface CiOutputs {
  junit?: string | undefined;
  markdown?: string | undefined;
}

function context(now: Date): JUnitContext {
  return { timestamp: now, hostname: hostname() || 'localhost' };
}

/** Writes the files asked for; returns their absolute paths. */
export function writeVerdictOutputs(v: Verdict, files: CiOutputs, now: Date = new Date()): string[] {
  return writeBoth(files, () => verdictToJUnit(v, context(now)), () => verdictToMarkdown(v));
}

export function writeGateOutputs(g: GateResult, files: CiOutputs, now: Date = new Date()): string[] {
  return writeBoth(files, () => gateToJUnit(g, context(now)), () => gateToMarkdown(g));
}

function writeBoth(files: CiOutputs, junit: () => string, markdown: () => string): string[] {
  const written: string[] = [];
  if (files.junit !== undefined) written.push(writeText(files.junit, junit()));
  if (files.markdown !== undefined) written.push(writeText(files.markdown, markdown()));
  return written;
}

/** Whole file or nothing: a CI step that reads it never sees half a report. */
function writeText(path: string, text: string): string {
  const abs = resolve(path);
  try {
    mkdirSync(dirname(abs), { recursive: true });
    const tmp = `${abs}.tmp-${process.pid}`;
    writeFileSync(tmp, text, 'utf8');
    renameSync(tmp, abs);
  } catch (err) {
    throw new FaultError(`cannot write ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { cause: err });
  }
  return abs;
}
