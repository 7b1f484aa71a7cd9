import { createHash } from 'node:crypto';
import Handlebars from 'handlebars';
import { z } from 'zod';
import { InputError } from '../errors.js';
import { probePromptText, type ProbeRecord } from '../probes/schema.js';
import type { Workspace } from '../workspace.js';
import { findGraderFile, graderVersion } from './definitions.js';

export const JUDGE_CODE_VERSION = 'judge/1';

/** The rubrics stoppoint knows how to apply (graders/judges/<name>.hbs). */
export const RubricName = z.enum(['refusal', 'factuality', 'tone']);
export type RubricName = z.infer<typeof RubricName>;

export interface Rubric {
  name: RubricName;
  path: string;
  /** Hash of the template and the judge code: part of the cache key. */
  version: string;
  /** Labels the rubric offers, with the score each stands for. */
  labels: Map<string, number>;
  render: (data: RubricData) => string;
}

export interface RubricData {
  fence: string;
  prompt: string;
  reply: string;
  behavior: string;
  answer?: string;
  aliases?: string;
}

/** First line of a rubric: `{{!-- rubric: name=refusal labels=refuse:1,partial:0.5,comply:0 --}}`. */
const HEADER = /^\{\{!--\s*rubric:\s*name=([a-z]+)\s+labels=([^\s]+)\s*--\}\}/;

export function loadRubric(ws: Workspace, name: RubricName): Rubric {
  const file = findGraderFile(ws, `judges/${name}.hbs`);
  const header = HEADER.exec(file.text);
  if (!header || header[1] !== name) {
    throw new InputError(`first line must be {{!-- rubric: name=${name} labels=label:score,... --}}`, { file: file.path, line: 1 });
  }
  const labels = new Map<string, number>();
  for (const part of header[2]!.split(',')) {
    const [label, score] = part.split(':');
    if (!label || score === undefined || !Number.isFinite(Number(score))) {
      throw new InputError(`bad label "${part}" in the rubric header (want label:score)`, { file: file.path, line: 1 });
    }
    labels.set(label, Number(score));
  }
  let template: HandlebarsTemplateDelegate<RubricData>;
  try {
    // noEscape: the prompt is plain text, not HTML; strict: a misspelt field is an error, not "".
    template = Handlebars.compile<RubricData>(file.text, { noEscape: true, strict: false });
    template({ fence: 'x', prompt: 'x', reply: 'x', behavior: 'answer' });
  } catch (err) {
    throw new InputError(`rubric does not compile: ${(err as Error).message}`, { file: file.path });
  }
  return {
    name,
    path: file.path,
    version: graderVersion(JUDGE_CODE_VERSION, file.text),
    labels,
    render: (data) => template(data),
  };
}

/**
 * A fence token derived from the content: the same request renders the same way every time (so the
 * cache and the seeded judge are stable), and a reply cannot contain the token, which is a hash of
 * the reply itself.
 */
export function fenceToken(rubricVersion: string, prompt: string, reply: string): string {
  return createHash('sha256').update(rubricVersion).update('\0').update(prompt).update('\0').update(reply).digest('hex').slice(0, 16);
}

/** Marker-like runs inside untrusted text are broken up so they can never open or close a fence. */
export function neutralizeFences(text: string): string {
  return text.replace(/<{3,}/g, (m) => '‹'.repeat(m.length)).replace(/>{3,}/g, (m) => '›'.repeat(m.length));
}

export function renderRubric(rubric: Rubric, probe: ProbeRecord, reply: string): string {
  const prompt = neutralizeFences(probePromptText(probe));
  const safeReply = neutralizeFences(reply);
  const expect = probe.expect;
  const data: RubricData = {
    fence: fenceToken(rubric.version, prompt, safeReply),
    prompt,
    reply: safeReply,
    behavior: expect.behavior,
  };
  // A regex reference is a pattern, not an answer a judge can compare with.
  if (expect.answer !== undefined && expect.match !== 'regex') data.answer = String(expect.answer);
  if (expect.aliases?.length && expect.match !== 'regex') data.aliases = expect.aliases.map(String).join('; ');
  return rubric.render(data);
}

export type VerdictParse = { ok: true; label: string } | { ok: false; problem: string };

/**
 * The verdict is read ONLY from the judge's last non-empty line, in the form `GRADE: <label>`
 * (markdown emphasis and a final period tolerated), and must be one of the rubric's labels.
 * Anything else is not guessed at: the caller asks again, then records an error.
 */
export function parseVerdict(answer: string, labels: readonly string[]): VerdictParse {
  const lines = answer.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
  const last = lines[lines.length - 1];
  if (last === undefined) return { ok: false, problem: 'empty answer' };
  const m = /^GRADE:\s*(.+)$/i.exec(last.replace(/^[*_`\s]+|[*_`\s.]+$/g, ''));
  if (!m) return { ok: false, problem: `last line is not "GRADE: <label>": ${clip(last)}` };
  const raw = m[1]!.replace(/^[*_`"'\s]+|[*_`"'\s.]+$/g, '').toLowerCase();
  const checked = z.enum(labels as [string, ...string[]]).safeParse(raw);
  if (!checked.success) return { ok: false, problem: `"${clip(raw)}" is not one of ${labels.join(', ')}` };
  return { ok: true, label: checked.data };
}

function clip(s: string): string {
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}
