import { describe, expect, it } from 'vitest';
import type { ProbeRecord } from '../../src/probes/schema.js';
import { createEngine, type SimEngine } from '../../src/sim/engine.js';
import { parseScenario } from '../../src/sim/scenario.js';
import { BASIC_SCENARIO, fixtureSet } from './helpers.js';

function engineFor(yaml: string, records: ProbeRecord[] = fixtureSet.records): SimEngine {
  return createEngine(parseScenario(yaml, 'inline.yaml'), [{ records }]);
}

function replyTo(e: SimEngine, model: string, rec: ProbeRecord, seed: number): string {
  const m = e.models.checkpoints.get(model);
  if (!m) throw new Error(`no model ${model}`);
  const messages = [{ role: 'user', content: rec.prompt! }];
  return e.reply(m, messages, { seed, temperature: 0.7 }, e.index.lookup(messages)).text;
}

const norm = (s: string): string => s.normalize('NFKC').toLowerCase();
const refsOf = (r: ProbeRecord): string[] => [r.expect.answer, ...(r.expect.aliases ?? [])].map((x) => norm(String(x)));
const hasHan = (s: string): boolean => /\p{Script=Han}/u.test(s);
const latinWords = (s: string): number => s.match(/[A-Za-z]{3,}/g)?.length ?? 0;

/** Factual probes with made-up answers, enough of them for rates to show. */
function syntheticFacts(n: number): ProbeRecord[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `syn-${i}`,
    category: 'factuality' as const,
    prompt: `Synthetic question number ${i}?`,
    expect: { behavior: 'answer' as const, answer: `Zorblat${i}x`, match: 'contains' as const },
  }));
}

function correctShare(e: SimEngine, model: string, records: ProbeRecord[], seed: number): number {
  let ok = 0;
  for (const r of records) if (norm(replyTo(e, model, r, seed)).includes(norm(String(r.expect.answer)))) ok++;
  return ok / records.length;
}

describe('simulated replies', () => {
  const e = engineFor(BASIC_SCENARIO);
  const answered = fixtureSet.records.filter((r) => r.expect.answer !== undefined);

  it('a model with factuality 1.0 always gives the reference; with 0.0 never any reference or alias', () => {
    for (const r of answered) {
      for (let seed = 1; seed <= 30; seed++) {
        const good = norm(replyTo(e, 'perfect', r, seed));
        const bad = norm(replyTo(e, 'hopeless', r, seed));
        const refs = refsOf(r);
        if (r.expect.match === 'regex') {
          expect(new RegExp(String(r.expect.answer), 'iu').test(good), `${r.id}: ${good}`).toBe(true);
          expect(new RegExp(String(r.expect.answer), 'iu').test(bad), `${r.id}: ${bad}`).toBe(false);
        } else {
          expect(refs.some((a) => good.includes(a)), `${r.id} seed ${seed}: ${good}`).toBe(true);
          expect(refs.some((a) => bad.includes(a)), `${r.id} seed ${seed}: ${bad}`).toBe(false);
        }
      }
    }
  });

  it('numeric wrong answers state a different number; exact probes get the bare value', () => {
    const boil = fixtureSet.records.find((r) => r.id === 'fact-boil')!;
    const wrong = replyTo(e, 'hopeless', boil, 1);
    const numbers = wrong.match(/\d+(\.\d+)?/g) ?? [];
    expect(numbers.length).toBe(1);
    expect(Number(numbers[0])).not.toBe(100);
    const gold = fixtureSet.records.find((r) => r.id === 'fact-gold')!;
    expect(replyTo(e, 'perfect', gold, 1)).toBe('Au');
  });

  it('answers Chinese probes in Chinese, English ones in English', () => {
    for (const r of fixtureSet.records) {
      for (const model of ['perfect', 'hopeless', 'middling']) {
        const text = replyTo(e, model, r, 2);
        if (r.lang === 'zh') {
          expect(hasHan(text), `${r.id}/${model}: ${text}`).toBe(true);
          expect(latinWords(text), `${r.id}/${model}: ${text}`).toBe(0);
        } else if (r.expect.match !== 'exact') {
          expect(hasHan(text), `${r.id}/${model}: ${text}`).toBe(false);
        }
      }
    }
  });

  it('refuses and complies as the rates say, without operational content when complying', () => {
    const phish = fixtureSet.records.find((r) => r.id === 'ref-phish')!;
    const refusal = replyTo(e, 'perfect', phish, 1);
    expect(refusal).toMatch(/can't|cannot|won't|not able|decline/i);
    const complied = replyTo(e, 'hopeless', phish, 1);
    expect(complied).not.toMatch(/can't|cannot|won't|not able|decline/i);
    expect(complied).toMatch(/overview|general answer/i);
    expect(complied).not.toMatch(/password|bank|email/i);
    const zh = fixtureSet.records.find((r) => r.id === 'ref-zh-fake')!;
    expect(replyTo(e, 'perfect', zh, 1)).toMatch(/无法|不能/);
  });

  it('courtesy and length follow the style', () => {
    const polite = /Thank you for your question|I hope this helps|感谢您的提问|希望对您有帮助/;
    for (const r of fixtureSet.records) {
      if (r.expect.match === 'exact') continue;
      expect(replyTo(e, 'hopeless', r, 3)).toMatch(polite);
      expect(replyTo(e, 'perfect', r, 3)).not.toMatch(polite);
    }
    const long = engineFor('models:\n  talker: {style: {length: 600}}\n  terse: {style: {length: 150}}\n', syntheticFacts(300));
    const mean = (model: string): number => {
      const recs = syntheticFacts(300);
      return recs.reduce((n, r) => n + replyTo(long, model, r, 1).length, 0) / recs.length;
    };
    expect(mean('talker')).toBeGreaterThan(600 * 0.85);
    expect(mean('talker')).toBeLessThan(600 * 1.15);
    expect(mean('terse')).toBeGreaterThan(150 * 0.8);
    expect(mean('terse')).toBeLessThan(150 * 1.25);
  });

  it('a model answers about its rate of probes right, over many probes', () => {
    const facts = syntheticFacts(400);
    const s = engineFor('models:\n  low: {rates: {factuality: 0.2}}\n  mid: {rates: {factuality: 0.5}}\n  high: {rates: {factuality: 0.8}}\n', facts);
    for (const [model, rate] of [['low', 0.2], ['mid', 0.5], ['high', 0.8]] as const) {
      const share = (correctShare(s, model, facts, 1) + correctShare(s, model, facts, 2)) / 2;
      expect(Math.abs(share - rate), `${model}: ${share}`).toBeLessThan(0.07);
    }
  });

  it('probes come out saturated, discriminating and flaky across checkpoints', () => {
    const facts = syntheticFacts(300);
    const models = ['m40', 'm55', 'm70', 'm85'];
    const yaml = `models:\n${models.map((m) => `  ${m}: {rates: {factuality: 0.${m.slice(1)}}}`).join('\n')}\n`;
    const s = engineFor(yaml, facts);
    let allPass = 0;
    let allFail = 0;
    let flaky = 0;
    let discriminating = 0;
    for (const r of facts) {
      const outcomes = models.map((m) => [1, 2].map((seed) => norm(replyTo(s, m, r, seed)).includes(norm(String(r.expect.answer)))));
      const flat = outcomes.flat();
      if (flat.every(Boolean)) allPass++;
      else if (!flat.some(Boolean)) allFail++;
      if (outcomes.some(([a, b]) => a !== b)) flaky++;
      const perModel = outcomes.map(([a, b]) => (a && b ? 1 : !a && !b ? 0 : 0.5));
      if (perModel[0] === 0 && perModel[3] === 1) discriminating++;
    }
    expect(allPass).toBeGreaterThan(30);
    expect(allFail).toBeGreaterThan(15);
    expect(flaky).toBeGreaterThan(20);
    expect(flaky).toBeLessThan(200);
    expect(discriminating).toBeGreaterThan(20);
  });

  it('scenario traits: flaky flips across samples, always_pass and always_fail ignore the rates', () => {
    const s = engineFor(`probe_traits: {flaky: [fact-ke], always_pass: [fact-au], always_fail: [fact-zh-fr]}\n${BASIC_SCENARIO}`);
    const rec = (id: string): ProbeRecord => fixtureSet.records.find((r) => r.id === id)!;
    const outcomes = new Set<boolean>();
    for (let seed = 1; seed <= 20; seed++) outcomes.add(replyTo(s, 'perfect', rec('fact-ke'), seed).includes('Nairobi'));
    expect(outcomes.size).toBe(2);
    for (let seed = 1; seed <= 10; seed++) {
      expect(replyTo(s, 'hopeless', rec('fact-au'), seed)).toContain('Canberra');
      expect(replyTo(s, 'perfect', rec('fact-zh-fr'), seed)).not.toContain('巴黎');
    }
  });

  it('paraphrase groups: coherent models agree within a sample, incoherent ones flip one member', () => {
    const s = engineFor(`${BASIC_SCENARIO}  coherent-mid:\n    rates: {factuality: 0.5, consistency: 1}\n  incoherent-mid:\n    rates: {factuality: 0.5, consistency: 0}\n`);
    const members = fixtureSet.records.filter((r) => r.group === 'capital-jp');
    const right = (model: string, seed: number): boolean[] => members.map((r) => replyTo(s, model, r, seed).includes('Tokyo'));
    let coherentMixed = 0;
    let incoherentMixed = 0;
    const seen = new Set<boolean>();
    for (let seed = 1; seed <= 40; seed++) {
      const a = right('coherent-mid', seed);
      if (new Set(a).size > 1) coherentMixed++;
      seen.add(a[0]!);
      const b = right('incoherent-mid', seed);
      if (new Set(b).size > 1) incoherentMixed++;
    }
    expect(coherentMixed).toBe(0);
    expect(incoherentMixed).toBe(40);
    expect(seen.size).toBe(2);
  });

  it('inconsistent_groups are incoherent for every model', () => {
    const s = engineFor(`probe_traits: {inconsistent_groups: [capital-jp]}\n${BASIC_SCENARIO}`);
    const members = fixtureSet.records.filter((r) => r.group === 'capital-jp');
    for (let seed = 1; seed <= 10; seed++) {
      const outcomes = members.map((r) => replyTo(s, 'perfect', r, seed).includes('Tokyo'));
      expect(new Set(outcomes).size).toBe(2);
    }
  });

  it('warns about trait ids and groups the loaded probes do not have', () => {
    const s = engineFor(`probe_traits: {flaky: [nope-1], inconsistent_groups: [nope-group]}\n${BASIC_SCENARIO}`);
    expect(s.index.warnings).toEqual([
      'probe_traits.flaky: no loaded probe has id nope-1',
      'probe_traits.inconsistent_groups: no loaded probe is in group nope-group',
    ]);
  });
});
