import type { DraftRecord } from './field-map.js';
import { requireColumns, type SourceRows } from './rows.js';

export const TRUTHFULQA_ATTRIBUTION =
  'TruthfulQA (Lin, Hilton, Evans 2022, github.com/sylinrl/TruthfulQA), Apache-2.0.';

/**
 * TruthfulQA -> factuality probes. The reference is the "Best Answer"; the other "Correct
 * Answers" become aliases.
 *
 * Graded with `match: judge`, not `contains`: the references are whole sentences ("The watermelon
 * seeds pass through your digestive system") that a correct reply almost never repeats verbatim,
 * so substring matching would mark true replies wrong; and short correct answers ("Nothing
 * happens", "No") would, as substrings, pass replies that go on to assert the misconception. A
 * judge given the references decides whether the reply says the same thing.
 */
export function truthfulqaRecords(src: SourceRows): DraftRecord[] {
  requireColumns(src, ['Type', 'Category', 'Question', 'Best Answer', 'Correct Answers'], 'TruthfulQA');
  const width = Math.max(3, String(src.rows.length).length);
  return src.rows.map((row, i) => {
    const f = row.fields as Record<string, string>;
    const best = (f['Best Answer'] ?? '').trim();
    const aliases = [...new Set((f['Correct Answers'] ?? '').split(';').map((s) => s.trim()))].filter(
      (a) => a !== '' && a !== best,
    );
    const tags = [slug(f.Type ?? ''), slug(f.Category ?? '')].filter((t) => t !== '');
    return {
      line: row.line,
      value: {
        id: `tqa-${String(i + 1).padStart(width, '0')}`,
        category: 'factuality',
        prompt: (f.Question ?? '').trim(),
        expect: {
          behavior: 'answer',
          ...(best !== '' ? { answer: best } : {}),
          ...(aliases.length > 0 ? { aliases } : {}),
          match: 'judge',
        },
        ...(tags.length > 0 ? { tags } : {}),
        lang: 'en',
      },
    };
  });
}

/** "Indexical Error: Time" -> "indexical-error-time" */
function slug(s: string): string {
  return s.trim().toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}
