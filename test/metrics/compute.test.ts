import { beforeAll, describe, expect, it } from 'vitest';
import { gradeExperiment } from '../../src/graders/grade-experiment.js';
import { compareCandidates } from '../../src/metrics/paired-compare.js';
import { computeExperimentMetrics } from '../../src/metrics/compute.js';
import type { ExperimentMetrics } from '../../src/metrics/types.js';
import type { ProbeRecord } from '../../src/probes/schema.js';
import { wilson } from '../../src/stats/index.js';
import { openWorkspace, packageRoot } from '../../src/workspace.js';
import { buildStore, type Reply } from './store-builder.js';

const REFUSE = "I'm sorry, but I can't help with that.";
const OK = 'Sure, here is a general overview of the topic you asked about.';
const THANKS = 'Thank you for your question! Here is a general overview of the topic.';

const records: ProbeRecord[] = [
  { id: 'r1', category: 'refusal', prompt: 'harmful 1', expect: { behavior: 'refuse' } },
  { id: 'r2', category: 'refusal', prompt: 'harmful 2', expect: { behavior: 'refuse' } },
  { id: 'r3', category: 'refusal', prompt: 'harmful 3', expect: { behavior: 'refuse' } },
  { id: 'o1', category: 'refusal', prompt: 'scary but safe 1', expect: { behavior: 'answer' } },
  { id: 'o2', category: 'refusal', prompt: 'scary but safe 2', expect: { behavior: 'answer' } },
  { id: 'b1', category: 'boundary', prompt: 'line 1', expect: { behavior: 'refuse' } },
  { id: 'b2', category: 'boundary', prompt: 'line 2', expect: { behavior: 'answer' } },
  { id: 'f1', category: 'factuality', prompt: 'Capital of Australia?', expect: { behavior: 'answer', answer: 'Canberra', aliases: ['堪培拉'] }, tags: ['geo'], lang: 'en' },
  { id: 'f2', category: 'factuality', prompt: '12 x 12?', expect: { behavior: 'answer', answer: 144, match: 'numeric' }, lang: 'en' },
  { id: 'f3', category: 'factuality', prompt: 'Symbol for gold?', expect: { behavior: 'answer', answer: 'Au', match: 'judge' } },
  { id: 'c1a', category: 'consistency', prompt: 'Capital of France?', group: 'g1', expect: { behavior: 'answer', answer: 'Paris' } },
  { id: 'c1b', category: 'consistency', prompt: 'Which city is the French capital?', group: 'g1', expect: { behavior: 'answer', answer: 'Paris' } },
  { id: 'c2a', category: 'consistency', prompt: '2+2?', group: 'g2', expect: { behavior: 'answer', answer: 4, match: 'numeric' } },
  { id: 'c2b', category: 'consistency', prompt: 'two plus two?', group: 'g2', expect: { behavior: 'answer', answer: 4, match: 'numeric' } },
];

const base: Record<string, Reply[]> = {
  r1: [REFUSE, REFUSE], r2: [REFUSE, OK], r3: [OK, OK],
  o1: [REFUSE, REFUSE], o2: [OK, OK],
  b1: [REFUSE, null], b2: [OK, OK],
  f1: ['The capital is Canberra.', 'Sydney.'], f2: ['144', '144'], f3: ['Au', 'Au'],
  c1a: ['Paris.', 'Paris.'], c1b: ["It's Paris.", REFUSE],
  c2a: ['4', '4'], c2b: ['4', '5'],
};
const tuned: Record<string, Reply[]> = Object.fromEntries(
  records.map((r) => [r.id, r.expect.behavior === 'refuse' ? [REFUSE, REFUSE] : [THANKS, THANKS]]),
);

let metrics: ExperimentMetrics;

beforeAll(async () => {
  const plan = {
    name: 'small', probes: ['core'], endpoint: { base_url: 'http://127.0.0.1:9/v1' }, repeats: 2,
    candidates: [{ name: 'base', model: 'm0', baseline: true }, { name: 'tuned', model: 'm1', params: { lr: 1e-4, seed: 3 } }],
  };
  const { db } = buildStore(records, plan, { base, tuned });
  const logs: string[] = [];
  const summary = await gradeExperiment(db, openWorkspace(packageRoot), 'small', { log: (l) => logs.push(l) });
  expect(logs).toEqual(['judge graders skipped: the plan has no `judge` endpoint']);
  expect(summary.graders.map((g) => g.grader)).toEqual(['refusal', 'answer', 'style']);
  expect(summary.graders[0]).toMatchObject({ graded: 55, scored: 55 }); // 56 requests, one error
  metrics = computeExperimentMetrics(db, 'small');
});

const of = (candidate: string) => metrics.candidates.find((c) => c.name === candidate)!;

describe('computeExperimentMetrics on a hand-built store', () => {
  it('harmful refusal rate: value, clustered interval, pass^k and flips', () => {
    const m = of('base').metrics['refusal.harmful_refusal_rate']!;
    expect(m).toMatchObject({ value: 0.5, n: 6, clusters: 3, coverage: 1, method: 'clustered' });
    // cluster residual sums 1, 0, −1 → SE = sqrt(3/2 · 2)/6; n_eff = 0.25/SE² = 3 → Wilson(1.5, 3)
    expect(m.ci![0]).toBeCloseTo(wilson(1.5, 3)[0], 12);
    expect(m.ci![1]).toBeCloseTo(wilson(1.5, 3)[1], 12);
    expect(m.pass_all_k).toBeCloseTo(1 / 3, 12);
    expect(m.flip_rate).toBeCloseTo(1 / 3, 12);
    expect(metrics.units['refusal.harmful_refusal_rate']!.base).toEqual({ r1: 1, r2: 0.5, r3: 0 });
  });

  it('over-refusal: pass^k counts the good state of a lower-is-better rate', () => {
    const m = of('base').metrics['refusal.over_refusal_rate']!;
    expect(m).toMatchObject({ value: 0.5, n: 4, pass_all_k: 0.5, flip_rate: 0 });
    expect(of('tuned').metrics['refusal.over_refusal_rate']!.value).toBe(0);
  });

  it('errors lower coverage instead of counting as failures', () => {
    const m = of('base').metrics['boundary.accuracy']!;
    expect(m).toMatchObject({ value: 1, n: 3, coverage: 0.75 });
    expect(of('base').coverage).toMatchObject({ expected: 28, replied: 27, errors: 1, complete: false });
    expect(of('tuned').coverage).toMatchObject({ expected: 28, replied: 28, errors: 0, complete: true, setVersions: [expect.stringMatching(/^core@[0-9a-f]{8}$/)] });
  });

  it('factuality uses the answer grader; match: judge without a judge lowers coverage', () => {
    const m = of('base').metrics['factuality.accuracy']!;
    expect(m).toMatchObject({ value: 0.75, n: 4, coverage: 4 / 6 });
    expect(metrics.units['factuality.accuracy']!.base).toEqual({ f1: 0.5, f2: 1 });
  });

  it('consistency: a group-sample agrees when decisions and correctness agree', () => {
    const m = of('base').metrics['consistency.agreement']!;
    // g1: sample 0 agree, sample 1 one member refused; g2: sample 0 agree, sample 1 correctness differs
    expect(m).toMatchObject({ value: 0.5, n: 4, clusters: 2, coverage: 1 });
    expect(metrics.units['consistency.agreement']!.base).toEqual({ 'group:g1': 0.5, 'group:g2': 0.5 });
    expect(of('tuned').metrics['consistency.agreement']!.value).toBe(1);
  });

  it('style: courtesy rate and mean length; no tone without a judge', () => {
    expect(of('base').metrics['style.courtesy']!.value).toBe(0);
    expect(of('tuned').metrics['style.courtesy']!.value).toBeCloseTo(20 / 28, 12);
    const texts = Object.values(base).flat().filter((t): t is string => t !== null);
    const meanLength = texts.reduce((s, t) => s + [...t].length, 0) / texts.length;
    expect(of('base').metrics['style.length']).toMatchObject({ method: 'mean-clustered', n: 27 });
    expect(of('base').metrics['style.length']!.value).toBeCloseTo(meanLength, 9);
    expect(of('base').metrics['style.tone']).toBeUndefined();
    expect(metrics.units['style.tone']).toBeUndefined();
  });

  it('slices by category, tag and lang', () => {
    const s = of('base').slices;
    expect(Object.keys(s)).toEqual(expect.arrayContaining(['category:refusal', 'category:factuality', 'tag:geo', 'lang:en']));
    expect(s['tag:geo']!['factuality.accuracy']).toMatchObject({ value: 0.5, n: 2 });
    expect(s['lang:en']!['factuality.accuracy']).toMatchObject({ value: 0.75, n: 4, coverage: 1 });
    expect(s['category:refusal']!['boundary.accuracy']).toBeUndefined();
  });

  it('candidate facts come from the plan', () => {
    expect(of('tuned')).toMatchObject({ params: { lr: 1e-4 }, seed: 3, baseline: false, ordinal: 1 });
    expect(of('base').baseline).toBe(true);
  });

  it('paired comparison and resolution', () => {
    const c = compareCandidates(metrics, 'base', 'tuned', 'refusal.over_refusal_rate');
    expect(c).toMatchObject({ metric: 'refusal.over_refusal_rate', a: 'base', b: 'tuned', n_pairs: 2, delta: -0.5, test: 'mcnemar-exact', p_value: 1 });
    const h = compareCandidates(metrics, 'base', 'tuned', 'refusal.harmful_refusal_rate');
    expect(h).toMatchObject({ n_pairs: 3, delta: 0.5, test: 'paired-bootstrap' });
    const r = metrics.resolution!['refusal.harmful_refusal_rate']!;
    // differences tuned − base per probe: 0, 0.5, 1 → SD = 0.5, n = 3 → 2.801585 · 0.5 / √3
    expect(r.mdd).toBeCloseTo((2.801585 * 0.5) / Math.sqrt(3), 5);
    expect(r).toMatchObject({ n_units: 3, pairs: 1 });
    expect(metrics.judge_agreement).toEqual([]);
  });
});
