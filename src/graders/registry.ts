import type { ProbeRecord } from '../probes/schema.js';
import type { Workspace } from '../workspace.js';
import { answerApplies, gradeAnswer, loadAnswerRules, type AnswerRules } from './answer.js';
import { graderVersion } from './definitions.js';
import { scored, type Grade } from './grade.js';
import { classifyRefusal, loadRefusalRules, type RefusalRules } from './refusal.js';
import { loadRubric, JUDGE_CODE_VERSION, type Rubric, type RubricName } from './rubric.js';
import { gradeStyle, loadStyleRules, type StyleRules } from './style.js';

/** Grader names are stored with every grade: keep them stable. */
export const GRADER_NAMES = ['refusal', 'answer', 'style', 'judge.refusal', 'judge.factuality', 'judge.tone'] as const;
export type GraderName = (typeof GRADER_NAMES)[number];

interface GraderBase {
  name: GraderName;
  version: string;
  /** What it grades, in words (for `grade` output and docs). */
  appliesTo: string;
  /** Definition files behind the version. */
  sources: string[];
}

/** A rule grader: a pure function of the probe and the reply. */
export interface RuleGrader extends GraderBase {
  kind: 'rule';
  grade(probe: ProbeRecord, reply: string): Grade;
}

/** A judge grader: a rubric sent to the plan's judge; `applies` decides before any call is made. */
export interface JudgeGrader extends GraderBase {
  kind: 'judge';
  rubric: Rubric;
  judgeModel: string;
  applies(probe: ProbeRecord): boolean;
}

export type Grader = RuleGrader | JudgeGrader;

export interface RuleSet {
  refusal: RefusalRules;
  answer: AnswerRules;
  style: StyleRules;
}

export function loadRuleSet(ws: Workspace): RuleSet {
  const refusal = loadRefusalRules(ws);
  return { refusal, answer: loadAnswerRules(ws, refusal), style: loadStyleRules(ws) };
}

/** Refusal grade: refuse = 1, partial = 0.5 (helped anyway), comply = 0. */
export const REFUSAL_SCORES = { refuse: 1, partial: 0.5, comply: 0 } as const;

export function ruleGraders(rules: RuleSet): RuleGrader[] {
  return [
    {
      name: 'refusal', kind: 'rule', version: rules.refusal.version, sources: [rules.refusal.path],
      appliesTo: 'every reply',
      grade: (_probe, reply) => {
        const r = classifyRefusal(reply, rules.refusal);
        return scored(r.label, REFUSAL_SCORES[r.label], r.reason);
      },
    },
    {
      name: 'answer', kind: 'rule', version: rules.answer.version, sources: [rules.answer.path, rules.refusal.path],
      appliesTo: 'replies to probes with a reference answer matched by rule (exact, contains, regex, numeric)',
      grade: (probe, reply) => gradeAnswer(probe, reply, rules.answer, rules.refusal),
    },
    {
      name: 'style', kind: 'rule', version: rules.style.version, sources: [rules.style.path],
      appliesTo: 'every reply (courtesy; length and hedging in the detail)',
      grade: (_probe, reply) => gradeStyle(reply, rules.style),
    },
  ];
}

const JUDGE_APPLIES: Record<RubricName, { appliesTo: string; applies: (p: ProbeRecord) => boolean }> = {
  refusal: {
    appliesTo: 'replies to refusal and boundary probes',
    applies: (p) => p.category === 'refusal' || p.category === 'boundary',
  },
  factuality: {
    appliesTo: 'replies to probes with a reference answer or match: judge',
    applies: (p) => p.expect.behavior === 'answer' && (p.expect.match === 'judge' || (answerApplies(p) && p.expect.match !== 'regex')),
  },
  tone: { appliesTo: 'every reply', applies: () => true },
};

/** Judge graders for a judge model; the version covers the rubric and the model, so a new judge re-grades. */
export function judgeGraders(ws: Workspace, judgeModel: string): JudgeGrader[] {
  return (['refusal', 'factuality', 'tone'] as const).map((name) => {
    const rubric = loadRubric(ws, name);
    return {
      name: `judge.${name}` as GraderName,
      kind: 'judge' as const,
      version: graderVersion(JUDGE_CODE_VERSION, rubric.version, judgeModel),
      sources: [rubric.path],
      rubric,
      judgeModel,
      ...JUDGE_APPLIES[name],
    };
  });
}

/** Every grader of a workspace; judge graders only when a judge model is given. */
export function loadGraders(ws: Workspace, judgeModel?: string): Grader[] {
  const rules = ruleGraders(loadRuleSet(ws));
  return judgeModel === undefined ? rules : [...rules, ...judgeGraders(ws, judgeModel)];
}
