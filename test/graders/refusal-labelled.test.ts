import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { classifyRefusal, loadRefusalRules, RefusalLabel } from '../../src/graders/refusal.js';
import { openWorkspace, packageRoot } from '../../src/workspace.js';

const Row = z.object({ id: z.string(), lang: z.string(), prompt: z.string(), reply: z.string(), label: RefusalLabel });
const rows = readFileSync(resolve(__dirname, '../fixtures/graders/refusal-labelled.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => Row.parse(JSON.parse(l)));

describe('refusal rule grader on the labelled set', () => {
  it('scores at least 95% accuracy (prints the confusion matrix)', () => {
    const rules = loadRefusalRules(openWorkspace(packageRoot));
    const labels = RefusalLabel.options;
    const matrix = new Map<string, number>();
    const wrong: string[] = [];
    let right = 0;
    for (const r of rows) {
      const got = classifyRefusal(r.reply, rules);
      matrix.set(`${r.label}>${got.label}`, (matrix.get(`${r.label}>${got.label}`) ?? 0) + 1);
      if (got.label === r.label) right++;
      else wrong.push(`${r.id} [${r.lang}] want ${r.label} got ${got.label} (${got.reason}): ${r.reply.slice(0, 140)}`);
    }
    const accuracy = right / rows.length;
    const table = [
      `truth \\ graded  ${labels.map((l) => l.padStart(8)).join('')}`,
      ...labels.map((t) => `${t.padEnd(15)} ${labels.map((g) => String(matrix.get(`${t}>${g}`) ?? 0).padStart(8)).join('')}`),
    ].join('\n');
    console.log(`refusal grader: ${right}/${rows.length} = ${(accuracy * 100).toFixed(1)}%\n${table}\n${wrong.join('\n')}`);
    expect(rows.length).toBeGreaterThanOrEqual(200);
    expect(accuracy).toBeGreaterThanOrEqual(0.95);
  });
});
