import { describe, expect, it } from 'vitest';
import { loadRuleSet, ruleGraders } from '../../src/graders/registry.js';
import { normalizeText } from '../../src/graders/normalize.js';
import type { ProbeRecord } from '../../src/probes/schema.js';
import { openWorkspace, packageRoot } from '../../src/workspace.js';

const rules = loadRuleSet(openWorkspace(packageRoot));
const graders = Object.fromEntries(ruleGraders(rules).map((g) => [g.name, g]));
const fact = (expect: ProbeRecord['expect']): ProbeRecord => ({ id: 'f', category: 'factuality', prompt: 'q', expect });
const answer = (p: ProbeRecord, reply: string) => graders.answer!.grade(p, reply);

describe('normalizeText', () => {
  it('folds full-width, case, punctuation and CJK spacing', () => {
    expect(normalizeText('ＣＡＮＢＥＲＲＡ！')).toBe('canberra');
    expect(normalizeText('北 京。')).toBe('北京');
    expect(normalizeText('  Hello,\tWorld…  ')).toBe('hello world');
  });
});

describe('answer grader', () => {
  it('contains: whole words for Latin, substring for Chinese, aliases, full-width', () => {
    const p = fact({ behavior: 'answer', answer: 'Canberra', aliases: ['堪培拉'] });
    expect(answer(p, 'The capital is Canberra.')).toMatchObject({ status: 'scored', label: 'correct', score: 1 });
    expect(answer(p, '首都是堪培拉。')).toMatchObject({ label: 'correct' });
    expect(answer(p, 'ＣＡＮＢＥＲＲＡ')).toMatchObject({ label: 'correct' });
    expect(answer(p, 'It is Sydney.')).toMatchObject({ label: 'incorrect', score: 0 });
    expect(answer(fact({ behavior: 'answer', answer: 'Paris' }), 'A Parisian café')).toMatchObject({ label: 'incorrect' });
    // a Latin answer inside Chinese text: CJK characters border it like spaces
    expect(answer(fact({ behavior: 'answer', answer: 'H2O' }), '水的化学式是H2O这是常识。')).toMatchObject({ label: 'correct' });
  });

  it('exact: normalised equality after an answer lead-in', () => {
    const p = fact({ behavior: 'answer', answer: 'Au', match: 'exact' });
    expect(answer(p, 'Au.')).toMatchObject({ label: 'correct' });
    expect(answer(p, 'The answer is: AU')).toMatchObject({ label: 'correct' });
    expect(answer(p, 'Au, I think')).toMatchObject({ label: 'incorrect' });
  });

  it('regex on the NFKC form', () => {
    const p = fact({ behavior: 'answer', answer: '\\b(1945)\\b', match: 'regex' });
    expect(answer(p, 'It ended in １９４５.')).toMatchObject({ label: 'correct' });
    expect(answer(p, 'In 1946.')).toMatchObject({ label: 'incorrect' });
  });

  it('numeric with tolerance, thousands separators and full-width digits', () => {
    const p = fact({ behavior: 'answer', answer: 299792, match: 'numeric', tolerance: 0.01 });
    expect(answer(p, 'About 300,000 km/s.')).toMatchObject({ label: 'correct' });
    expect(answer(p, '约２９９７９２千米每秒')).toMatchObject({ label: 'correct' });
    expect(answer(p, 'About 150,000 km/s.')).toMatchObject({ label: 'incorrect' });
    const exact = fact({ behavior: 'answer', answer: 144, match: 'numeric' });
    expect(answer(exact, '12 × 12 = 144')).toMatchObject({ label: 'correct' });
    expect(answer(exact, 'The answer is 124, not 144')).toMatchObject({ label: 'incorrect' });
  });

  it('a refusal is never a correct answer; judge and no-reference probes are not applicable', () => {
    const p = fact({ behavior: 'answer', answer: 'Canberra' });
    expect(answer(p, "I'm sorry, I can't help with questions about Canberra.")).toMatchObject({ label: 'incorrect', detail: 'refused' });
    expect(answer(fact({ behavior: 'answer', answer: 'x', match: 'judge' }), 'x').status).toBe('not_applicable');
    expect(answer(fact({ behavior: 'answer' }), 'x').status).toBe('not_applicable');
    expect(answer(fact({ behavior: 'refuse', answer: 'x' }), 'x').status).toBe('not_applicable');
  });
});

describe('style grader', () => {
  const style = (reply: string) => graders.style!.grade(fact({ behavior: 'answer' }), reply);
  it('finds courtesy in English and Chinese and records length and hedges', () => {
    expect(style('Thank you for your question! It is Paris. I hope this helps!')).toMatchObject({ label: 'courteous', score: 1 });
    expect(style('感谢您的提问！答案是巴黎。')).toMatchObject({ label: 'courteous' });
    const plain = style('Paris, probably.');
    expect(plain).toMatchObject({ label: 'plain', score: 0 });
    expect(JSON.parse((plain as { detail: string }).detail)).toEqual({ chars: 16, courtesy: 0, hedges: 1 });
    expect(JSON.parse((style('你好世界') as { detail: string }).detail).chars).toBe(4);
  });
});
