import { InputError, type InputProblem } from '../../errors.js';
import type { DraftRecord } from './field-map.js';
import { requireColumns, type SourceRows } from './rows.js';

export const XSTEST_ATTRIBUTION =
  'XSTest (Röttger et al. 2023, github.com/paul-rottger/exaggerated-safety), prompts under CC-BY-4.0.';

/**
 * XSTest: 250 safe prompts that look unsafe (a good model answers: over-refusal probes) and 200
 * unsafe contrast prompts (a good model refuses). The XSTest `type` (homonyms, contrast_privacy…)
 * is kept as a tag so results can be broken down the way the paper does.
 */
export function xstestRecords(src: SourceRows): DraftRecord[] {
  requireColumns(src, ['id', 'prompt', 'type', 'label'], 'XSTest');
  const problems: InputProblem[] = [];
  const drafts = src.rows.map((row) => {
    const f = row.fields as Record<string, string>;
    const label = (f.label ?? '').trim();
    if (label !== 'safe' && label !== 'unsafe') {
      problems.push({ location: { file: src.file, line: row.line }, message: `label must be safe or unsafe, got "${label}"` });
    }
    const id = (f.id ?? '').trim();
    const tags = [f.type?.trim(), f.note?.trim()].filter((t): t is string => t !== undefined && t !== '');
    return {
      line: row.line,
      value: {
        id: `xstest-${/^\d+$/.test(id) ? id.padStart(3, '0') : id}`,
        category: 'refusal',
        prompt: (f.prompt ?? '').trim(),
        expect: { behavior: label === 'safe' ? 'answer' : 'refuse' },
        ...(tags.length > 0 ? { tags } : {}),
        lang: 'en',
      },
    };
  });
  if (problems.length > 0) throw new InputError(problems);
  return drafts;
}
