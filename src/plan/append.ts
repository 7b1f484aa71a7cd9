import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { Document, isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair } from 'yaml';
import { z } from 'zod';
import { FaultError, InputError, type InputProblem } from '../errors.js';
import { displayPath } from '../probes/source-text.js';
import { Candidate, Plan } from './schema.js';
import { parseYamlSource } from './yaml-source.js';

/**
 * A plan as `add-run`/`--discover`/`watch` edit it: every rule of the plan contract except that
 * the candidate list may still be empty or absent (a plan written before training produced anything).
 */
const EditablePlan = Plan.extend({ candidates: z.array(Candidate).nullish().transform((v) => v ?? []) });

/** Why a candidate was not appended. */
export interface SkippedCandidate {
  name: string;
  reason: string;
}

export interface AppendResult {
  /** Absolute path of the plan file. */
  path: string;
  added: Candidate[];
  skipped: SkippedCandidate[];
}

/** A plan read for editing: validated (file:line errors), its candidate list possibly empty. */
export type EditablePlan = z.infer<typeof EditablePlan>;

export function readPlanForEdit(planPath: string): EditablePlan {
  return validate(readPlanText(planPath), planPath);
}

/**
 * Appends candidates to a plan file IN PLACE. Every byte outside the inserted items stays as the
 * user wrote it (comments, order, quoting, alignment): the new items are rendered with the yaml
 * Document API and spliced in after the last existing candidate. A candidate whose (run, step) or
 * name is already in the plan is skipped, so re-running adds nothing. Nothing is written when
 * nothing is new. The write is atomic (temp file + rename), so an interrupt leaves the old plan
 * or the new one, never half of one.
 */
export function appendCandidates(planPath: string, candidates: readonly Candidate[]): AppendResult {
  for (const c of candidates) {
    const ok = Candidate.safeParse(c);
    if (!ok.success) throw new InputError(`candidate "${c.name}": ${ok.error.issues.map((i) => `${i.path.join('.') || 'candidate'}: ${i.message}`).join('; ')}`);
  }
  const text = readPlanText(planPath);
  const before = validate(text, planPath);
  const { fresh, skipped } = dedupe(before.candidates, candidates);
  if (fresh.length === 0) return { path: planPath, added: [], skipped };

  const next = spliceCandidates(text, fresh, planPath);
  // Safety net: the edited file must mean exactly the old plan plus the new candidates.
  const after = validate(next, planPath);
  const expected = [...before.candidates, ...fresh];
  if (!isDeepStrictEqual(after.candidates, expected) || !sameExceptCandidates(before, after)) {
    throw new FaultError(`editing ${displayPath(planPath)} would change more than its candidate list; the plan was left as it was`);
  }
  const tmp = `${planPath}.stoppoint-tmp-${process.pid}`;
  writeFileSync(tmp, next, 'utf8');
  renameSync(tmp, planPath);
  return { path: planPath, added: fresh, skipped };
}

function readPlanText(planPath: string): string {
  try {
    return readFileSync(planPath, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(code === 'ENOENT' ? `plan file not found: ${displayPath(planPath)}` : `cannot read plan ${displayPath(planPath)}: ${code ?? String(err)}`);
  }
}

/** Syntax and schema check; every problem carries file:line. */
function validate(text: string, planPath: string): EditablePlan {
  const src = parseYamlSource(text, displayPath(planPath));
  if (src.problems.length) throw new InputError(src.problems);
  if (src.value === null || src.value === undefined) throw new InputError('the plan is empty', { file: src.file, line: 1 });
  const parsed = EditablePlan.safeParse(src.value);
  if (!parsed.success) {
    throw new InputError(
      parsed.error.issues.map((i): InputProblem => {
        const where = i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
        return { location: { file: src.file, line: src.lineOf(i.path) }, message: where ? `${where}: ${i.message}` : i.message };
      }),
    );
  }
  return parsed.data;
}

function dedupe(existing: readonly Candidate[], incoming: readonly Candidate[]): { fresh: Candidate[]; skipped: SkippedCandidate[] } {
  const names = new Set(existing.map((c) => c.name));
  const steps = new Set(existing.filter((c) => c.run !== undefined && c.step !== undefined).map((c) => `${c.run}\u0000${c.step}`));
  const fresh: Candidate[] = [];
  const skipped: SkippedCandidate[] = [];
  for (const c of incoming) {
    const key = c.run !== undefined && c.step !== undefined ? `${c.run}\u0000${c.step}` : undefined;
    if (key !== undefined && steps.has(key)) {
      skipped.push({ name: c.name, reason: `run "${c.run}" step ${c.step} is already a candidate` });
    } else if (names.has(c.name)) {
      skipped.push({ name: c.name, reason: `a candidate named "${c.name}" is already in the plan` });
    } else {
      fresh.push(c);
      names.add(c.name);
      if (key !== undefined) steps.add(key);
    }
  }
  return { fresh, skipped };
}

function sameExceptCandidates(a: EditablePlan, b: EditablePlan): boolean {
  const { candidates: _a, ...restA } = a;
  const { candidates: _b, ...restB } = b;
  return isDeepStrictEqual(restA, restB);
}

/** Returns the plan text with `fresh` rendered as block items at the end of `candidates:`. */
function spliceCandidates(text: string, fresh: readonly Candidate[], planPath: string): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  const root = doc.contents;
  const file = displayPath(planPath);
  if (!isMap(root) || root.flow) {
    throw new InputError('add candidates to a plan written as a block mapping (one `key: value` per line)', { file, line: 1 });
  }
  const pair = root.items.find((p) => isScalar(p.key) && p.key.value === 'candidates') as Pair<Node, unknown> | undefined;
  const value = pair?.value;

  if (pair === undefined) {
    // No candidate list yet: add one at the end of the file.
    const sep = text.length === 0 || text.endsWith('\n') ? '' : eol;
    return `${text}${sep}candidates:${eol}${renderItems(fresh, '  ', eol)}`;
  }
  if (isSeq(value) && !value.flow && value.range) {
    const indent = ' '.repeat(lineCounter.linePos(value.range[0]).col - 1);
    const at = value.range[1];
    const cut = text[at - 1] === '\n' ? at : lineEnd(text, at);
    const lead = text[cut - 1] === '\n' ? '' : eol;
    return text.slice(0, cut) + lead + renderItems(fresh, indent, eol) + text.slice(cut);
  }
  const keyRange = (pair.key as Node).range;
  if (!keyRange) throw new FaultError('the yaml parser gave no position for `candidates:`');
  const keyIndent = lineCounter.linePos(keyRange[0]).col - 1;
  const indent = ' '.repeat(keyIndent + 2);
  const isNull = value === null || value === undefined || (isScalar(value) && (value.value === null || value.value === undefined));
  if (isNull || (isSeq(value) && value.range)) {
    // `candidates:`, `candidates: ~` or a flow list (`candidates: []`): replace the value, keep any
    // comment on the key's line, and write old + new items as a block list under it.
    const existing = isSeq(value) ? (value.toJSON() as Candidate[]) : [];
    const range = isSeq(value) || isScalar(value) ? value.range : undefined;
    const start = range ? range[0] : (keyRange[2] ?? keyRange[1]);
    const stop = range ? range[1] : start;
    const end = lineEnd(text, stop);
    const head = `${text.slice(0, start)}${text.slice(stop, end)}`.replace(/[ \t]+$/, '');
    return `${head}${eol}${renderItems([...existing, ...fresh], indent, eol)}${text.slice(nextLine(text, end))}`;
  }
  throw new InputError('`candidates` must be a list', { file, line: lineCounter.linePos(keyRange[0]).line });
}

/** Offset of the end of the line holding `at` (the newline itself, or the end of the text). */
function lineEnd(text: string, at: number): number {
  const nl = text.indexOf('\n', at);
  if (nl === -1) return text.length;
  return text[nl - 1] === '\r' ? nl - 1 : nl;
}

/** Offset just after the line break at `end` (or `end` at the end of the text). */
function nextLine(text: string, end: number): number {
  if (text[end] === '\r') return end + 2;
  if (text[end] === '\n') return end + 1;
  return end;
}

/** Block sequence items at `indent`; small nested maps (params, intent, endpoint) stay on one line. */
function renderItems(items: readonly Candidate[], indent: string, eol: string): string {
  return items
    .map((c) => {
      const doc = new Document(c);
      if (isMap(doc.contents)) {
        for (const p of doc.contents.items) if (isMap(p.value)) p.value.flow = true;
      }
      const body = doc.toString({ lineWidth: 0, flowCollectionPadding: false }).replace(/\n$/, '');
      const lines = body.split('\n');
      return lines.map((l, i) => (i === 0 ? `${indent}- ${l}` : `${indent}  ${l}`)).join(eol) + eol;
    })
    .join('');
}
