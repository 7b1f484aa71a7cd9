import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkContamination } from '../../src/health/contamination.js';
import { ngramHashes, tokenize } from '../../src/health/ngrams.js';
import type { ProbeRecord } from '../../src/probes/schema.js';

const fixture = resolve(__dirname, '../fixtures/health/train-chat.jsonl');

const probes: ProbeRecord[] = [
  { id: 'leak-en', category: 'factuality', prompt: 'Which river is the longest one flowing through the whole of Egypt today?', expect: { behavior: 'answer', answer: 'Nile', match: 'contains' }, lang: 'en' },
  { id: 'leak-zh', category: 'factuality', prompt: '请问澳大利亚的首都是哪座城市呢？', expect: { behavior: 'answer', answer: '堪培拉', match: 'contains' }, lang: 'zh' },
  { id: 'leak-fullwidth', category: 'factuality', prompt: 'ＷＨＡＴ is the boiling point of water at sea level in Celsius', expect: { behavior: 'answer', answer: 100, match: 'numeric' }, lang: 'en' },
  { id: 'clean', category: 'factuality', prompt: 'Who wrote the novel about a white whale and a one-legged captain?', expect: { behavior: 'answer', answer: 'Herman Melville', match: 'contains' }, lang: 'en' },
];

describe('tokenize / ngrams', () => {
  it('splits CJK per character, words elsewhere, after NFKC and lower-casing', () => {
    expect(tokenize('ＡＢＣ def, 堪培拉!')).toEqual(['abc', 'def', '堪', '培', '拉']);
  });
  it('gives one gram for a text shorter than n and n-grams otherwise', () => {
    expect(ngramHashes('a b c', 8)).toHaveLength(1);
    expect(ngramHashes('a b c d e', 3)).toHaveLength(3);
    expect(ngramHashes('a b c', 3)[0]).toBe(ngramHashes('A, B; C', 3)[0]);
    expect(ngramHashes('a b c', 3)[0]).not.toBe(ngramHashes('a b d', 3)[0]);
  });
});

describe('checkContamination', () => {
  it('finds planted overlaps in chat, alpaca and sharegpt shapes, in Chinese and full-width text', async () => {
    const report = await checkContamination('t@1', probes, [fixture], { n: 5, threshold: 0.5 });
    const found = report.findings.map((f) => `${f.probe}:${f.field}`).sort();
    expect(found).toEqual(['leak-en:prompt', 'leak-fullwidth:prompt', 'leak-zh:prompt']);
    const en = report.findings.find((f) => f.probe === 'leak-en')!;
    expect(en.firstMatch.line).toBe(2);
    expect(en.overlap).toBeGreaterThan(0.8);
    expect(report.scanned.malformedJsonLines).toBe(1);
    // "Nile", "堪培拉", 100: answers under minTokens are not judged
    expect(report.skippedShortFields).toBeGreaterThanOrEqual(3);
  });

  it('reports nothing when the threshold is not reached', async () => {
    const report = await checkContamination('t@1', probes, [fixture], { n: 5, threshold: 1 });
    expect(report.findings.map((f) => f.probe)).not.toContain('clean');
  });

  it('handles a line longer than one read segment', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sp-contam-'));
    const file = join(dir, 'big.txt');
    const filler = 'lorem ipsum dolor sit amet '.repeat(60_000);
    writeFileSync(file, filler + ' who wrote the novel about a white whale and a one-legged captain ' + filler);
    const report = await checkContamination('t@1', probes, [file], { n: 5 });
    expect(report.findings.map((f) => f.probe)).toEqual(['clean']);
  });

  it('refuses a missing file as bad input', async () => {
    await expect(checkContamination('t@1', probes, ['/nonexistent/x.jsonl'])).rejects.toThrow(/no such training file/);
  });
});
