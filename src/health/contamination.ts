import { existsSync, statSync } from 'node:fs';
import { z } from 'zod';
import { InputError } from '../errors.js';
import { probePromptText, type ProbeRecord } from '../probes/schema.js';
import { forEachGram, GramIndex, TokenHashes } from './ngrams.js';
import { parseOptions } from './options.js';
import { trainingTexts, type ScanStats } from './training-text.js';

export const ContaminationOptions = z.strictObject({
  /** n-gram length in tokens (a CJK character is a token). */
  n: z.number().int().min(2).max(50).default(8),
  /** Share of a field's n-grams found in training data from which it is reported. */
  threshold: z.number().gt(0).max(1).default(0.5),
  /** Fields shorter than this many tokens are too short to call contaminated (e.g. "Canberra"). */
  minTokens: z.number().int().min(1).default(5),
});
export type ContaminationOptions = z.input<typeof ContaminationOptions>;

export interface ContaminationFinding {
  probe: string;
  field: 'prompt' | 'answer';
  overlap: number;          // matched grams / grams
  matched: number;
  grams: number;
  firstMatch: { file: string; line: number };
}

export interface ContaminationReport {
  set: string;
  files: string[];
  options: z.infer<typeof ContaminationOptions>;
  checkedFields: number;
  skippedShortFields: number;
  scanned: ScanStats;
  findings: ContaminationFinding[];
}

interface FieldIndex {
  probe: string;
  field: 'prompt' | 'answer';
  grams: number;
  matched: Set<number>;     // positions of this field's grams seen in training data
  firstMatch: { file: string; line: number } | null;
}

/**
 * Reports probes whose prompt or reference answer overlaps training data. Memory is bounded by
 * the probe set's n-grams, not by the training files, which are streamed line by line.
 */
export async function checkContamination(
  setRef: string,
  probes: readonly ProbeRecord[],
  files: readonly string[],
  rawOptions: ContaminationOptions = {},
): Promise<ContaminationReport> {
  if (files.length === 0) throw new InputError('name at least one training file to check');
  for (const f of files) {
    if (!existsSync(f) || !statSync(f).isFile()) throw new InputError(`${f}: no such training file`);
  }
  const options = parseOptions(ContaminationOptions, rawOptions);
  const fields: FieldIndex[] = [];
  // gram -> [field index, position] pairs
  const index = new GramIndex<[number, number]>();
  const counter = new TokenHashes();
  let skipped = 0;

  const addField = (probe: string, field: 'prompt' | 'answer', text: string): void => {
    if (counter.read(text).length < options.minTokens) {
      skipped++;
      return;
    }
    const fi = fields.push({ probe, field, grams: 0, matched: new Set(), firstMatch: null }) - 1;
    forEachGram(text, options.n, (h1, h2, pos, len) => {
      index.add(h1, h2, len, [fi, pos]);
      fields[fi]!.grams++;
    });
  };
  for (const p of probes) {
    addField(p.id, 'prompt', probePromptText(p));
    if (p.expect.answer !== undefined) addField(p.id, 'answer', String(p.expect.answer));
  }

  const scanned: ScanStats = { lines: 0, chars: 0, malformedJsonLines: 0, longLines: 0 };
  const tokens = new TokenHashes();
  let where = { file: '', line: 0 };
  const hit = ([fi, pos]: [number, number]): void => {
    const f = fields[fi]!;
    f.matched.add(pos);
    f.firstMatch ??= where;
  };
  for (const file of files) {
    const stats: ScanStats = { lines: 0, chars: 0, malformedJsonLines: 0, longLines: 0 };
    for await (const t of trainingTexts(file, stats)) {
      if (where.line !== t.line || where.file !== t.file) where = { file: t.file, line: t.line };
      index.scan(tokens.read(t.text), hit);
    }
    scanned.lines += stats.lines;
    scanned.chars += stats.chars;
    scanned.malformedJsonLines += stats.malformedJsonLines;
    scanned.longLines += stats.longLines;
  }

  const findings = fields
    .filter((f) => f.grams > 0 && f.firstMatch && f.matched.size / f.grams >= options.threshold)
    .map((f) => ({
      probe: f.probe,
      field: f.field,
      overlap: f.matched.size / f.grams,
      matched: f.matched.size,
      grams: f.grams,
      firstMatch: f.firstMatch!,
    }))
    .sort((a, b) => b.overlap - a.overlap || a.probe.localeCompare(b.probe));
  return { set: setRef, files: [...files], options, checkedFields: fields.length, skippedShortFields: skipped, scanned, findings };
}
