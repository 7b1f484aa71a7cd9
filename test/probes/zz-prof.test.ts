import { it } from 'vitest';
import { similarPairs } from '../../src/probes/similarity.js';
import { lintProbeSet } from '../../src/probes/lint.js';
it('prof', () => {
  const words = ['river', 'mountain', 'ocean', 'desert', 'forest', 'city', 'planet', 'engine', 'theory', 'market', 'garden', 'signal'];
  let seed = 42;
  const rand = (n: number): number => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed % n; };
  const texts = Array.from({ length: 5000 }, (_, i) => `Question ${i}: ${Array.from({ length: 12 }, () => words[rand(words.length)]).join(' ')}?`);
  for (let k = 0; k < 3; k++) { const t = performance.now(); similarPairs(texts, 0.9); console.log('sim', performance.now() - t); }
  const records = texts.map((p, i) => ({ id: `p${i}`, category: 'factuality' as const, prompt: p, expect: { behavior: 'answer' as const, answer: 'x', match: 'contains' as const }, lang: 'en' }));
  const t = performance.now(); lintProbeSet({ records, sourceOf: new Map() }); console.log('all', performance.now() - t);
});
