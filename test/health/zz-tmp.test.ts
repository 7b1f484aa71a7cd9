import { it } from 'vitest';
import { tokenize } from '/work/main/src/health/ngrams.js';
import { trainingTexts } from '/work/main/src/health/training-text.js';
import { writeFileSync } from 'node:fs';
it('x', async () => {
  const filler = 'lorem ipsum dolor sit amet\n'.repeat(60_000);
  const planted = 'who wrote the novel about a white whale\nand a one-legged captain';
  writeFileSync('/tmp/t1.jsonl', JSON.stringify({ text: filler + planted + filler }) + '\n');
  const stats = { lines: 0, chars: 0, malformedJsonLines: 0, longLines: 0 };
  for await (const t of trainingTexts('/tmp/t1.jsonl', stats)) {
    const i = t.text.indexOf('white whale');
    if (i >= 0) console.log(JSON.stringify(t.text.slice(i - 30, i + 60)), tokenize(t.text.slice(i - 30, i + 60)));
  }
});
