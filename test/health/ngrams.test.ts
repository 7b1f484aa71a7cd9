import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkContamination } from '../../src/health/contamination.js';
import { forEachGram, GramIndex, ngramHashes, TokenHashes, tokenize } from '../../src/health/ngrams.js';
import type { ProbeRecord } from '../../src/probes/schema.js';

describe('token hashing', () => {
  it('hashes the same tokens tokenize() reads, one per token', () => {
    for (const text of ['Hello, WORLD! 42x', 'ＡＢＣ def 堪培拉 ok', 'emoji 𝒳y 😀 end', '', '   ,,, ']) {
      expect(new TokenHashes().read(text).length).toBe(tokenize(text).length);
    }
    expect(tokenize('emoji 𝒳y 😀 end')).toEqual(['emoji', 'xy', 'end']);
  });
  it('gives equal grams for texts equal after normalisation, different ones otherwise', () => {
    expect(ngramHashes('Capital OF  Australia?', 3)).toEqual(ngramHashes('capital of australia', 3));
    expect(ngramHashes('ＣＡＰＩＴＡＬ of australia', 3)).toEqual(ngramHashes('capital of australia', 3));
    expect(ngramHashes('capital of austria', 3)).not.toEqual(ngramHashes('capital of australia', 3));
    // order matters within a gram
    expect(ngramHashes('of capital australia', 3)).not.toEqual(ngramHashes('capital of australia', 3));
  });
  it('finds an indexed gram inside longer text, at every gram length indexed', () => {
    const index = new GramIndex<string>();
    forEachGram('the capital of australia is', 3, (h1, h2, pos, len) => index.add(h1, h2, len, `long@${pos}`));
    forEachGram('澳大利亚', 8, (h1, h2, pos, len) => index.add(h1, h2, len, `short@${pos}/${len}`));
    const hits: string[] = [];
    index.scan(new TokenHashes().read('Q: what is THE CAPITAL of Australia? 请问澳大利亚的首都'), (v) => hits.push(v));
    expect(hits.sort()).toEqual(['long@0', 'long@1', 'short@0/4']);
  });
});

describe('over-long JSON lines', () => {
  it('are scanned in windows as text with JSON escapes undone, and counted apart from malformed lines', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sp-ngrams-'));
    const file = join(dir, 'train.jsonl');
    const filler = 'lorem ipsum dolor sit amet\n'.repeat(60_000);
    const planted = 'who wrote the novel about a white whale\nand a one-legged captain\n';
    writeFileSync(file, JSON.stringify({ text: filler + planted + filler }) + '\n{"text": "short"}\n');
    const probes: ProbeRecord[] = [
      { id: 'whale', category: 'factuality', prompt: 'Who wrote the novel about a white whale and a one-legged captain?', expect: { behavior: 'answer' }, lang: 'en' },
    ];
    const report = await checkContamination('t@1', probes, [file], { n: 5 });
    expect(report.findings.map((f) => [f.probe, f.overlap, f.firstMatch.line])).toEqual([['whale', 1, 1]]);
    expect(report.scanned).toMatchObject({ lines: 2, malformedJsonLines: 0, longLines: 1 });
  });
});

describe('ASCII fast path', () => {
  it('hashes ASCII text exactly as the general (Unicode) path does', () => {
    const ascii = ngramHashes('Hello, World: foo-bar 42', 3);
    const mixed = ngramHashes('Hello, World: foo-bar 42 ü', 3);
    expect(ascii).toHaveLength(3);
    expect(mixed.slice(0, 3)).toEqual(ascii);
  });
});
