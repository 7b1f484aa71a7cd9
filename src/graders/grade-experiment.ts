import { createHash } from 'node:crypto';
import { FaultError, InputError } from '../errors.js';
import { z } from 'zod';
import { Judge } from '../plan/schema.js';
import { ProbeRecord } from '../probes/schema.js';
import { runPool } from '../runner/limiter.js';
import type { RetryPolicy } from '../runner/retry.js';
import type { Db } from '../store/db.js';
import { findExperimentId } from '../store/experiments.js';
import {
  judgeCacheGet, judgeCachePut, probeRecordsByRow, ungradedResponses, upsertGrades, type GradeRow, type ReplyToGrade,
} from '../store/grades.js';
import type { Workspace } from '../workspace.js';
import { Grade, notApplicable } from './grade.js';
import { judgeReply, openJudgeCaller, type JudgeCaller } from './judge.js';
import { GRADER_NAMES, loadGraders, type Grader, type JudgeGrader, type RuleGrader } from './registry.js';

export interface GradeOptions {
  /** Only this grader. */
  grader?: string;
  /** Re-grade every reply, not only missing or outdated grades. */
  force?: boolean;
  /** How judge calls are made; tests inject a caller. */
  judge?: { caller?: JudgeCaller; env?: NodeJS.ProcessEnv; concurrency?: number; policy?: RetryPolicy; timeoutMs?: number };
  onProgress?: (p: { grader: string; done: number }) => void;
  /** One-line notices (judge skipped, …). */
  log?: (line: string) => void;
  /** Clock for cache timestamps. */
  now?: () => number;
}

export interface GraderCount {
  grader: string;
  version: string;
  kind: 'rule' | 'judge';
  graded: number;
  scored: number;
  errors: number;
  notApplicable: number;
  cacheHits: number;
  judgeCalls: number;
}

export interface GradeSummary {
  experiment: string;
  graders: GraderCount[];
  /** Why judge graders did not run, when they did not. */
  judgeSkipped: string | null;
}

/**
 * Grades the stored replies of an experiment with every grader (or one): only replies whose grade
 * is missing or from another grader version, unless `force`. Reads the store page by page and
 * writes a page of grades per transaction, so it runs in flat memory and can be stopped any time.
 */
export async function gradeExperiment(db: Db, ws: Workspace, experimentName: string, opts: GradeOptions = {}): Promise<GradeSummary> {
  const experimentId = findExperimentId(db, experimentName);
  if (experimentId === undefined) throw new InputError(`no experiment "${experimentName}" in the store: run its plan first`);
  if (opts.grader !== undefined && !(GRADER_NAMES as readonly string[]).includes(opts.grader)) {
    throw new InputError(`unknown grader "${opts.grader}"; graders: ${GRADER_NAMES.join(', ')}`);
  }
  const plan = readPlan(db, experimentId);
  let judgeSkipped: string | null = null;
  if (!plan.judge) judgeSkipped = 'judge graders skipped: the plan has no `judge` endpoint';
  const graders = loadGraders(ws, plan.judge?.model).filter((g) => opts.grader === undefined || g.name === opts.grader);
  if (judgeSkipped && (opts.grader === undefined || opts.grader.startsWith('judge.'))) opts.log?.(judgeSkipped);

  const probes = new ProbeCache(db);
  const counts: GraderCount[] = [];
  let caller: JudgeCaller | undefined = opts.judge?.caller;
  for (const g of graders) {
    if (g.kind === 'rule') counts.push(gradeWithRule(db, experimentId, g, probes, opts));
    else {
      caller ??= openJudgeCaller(plan.judge!, { env: opts.judge?.env, policy: opts.judge?.policy, timeoutMs: opts.judge?.timeoutMs });
      counts.push(await gradeWithJudge(db, experimentId, g, probes, caller, opts.judge?.concurrency ?? plan.concurrency, opts));
    }
  }
  return { experiment: experimentName, graders: counts, judgeSkipped };
}

/** The two plan fields grading needs; other fields may evolve without breaking grading of old runs. */
const GradingPlan = z.object({ judge: Judge.optional(), concurrency: z.number().int().positive().default(8) });
type GradingPlan = z.infer<typeof GradingPlan>;

function readPlan(db: Db, experimentId: number): GradingPlan {
  const row = db.prepare('SELECT plan_json FROM experiments WHERE id = ?').get(experimentId) as { plan_json: string };
  const parsed = GradingPlan.safeParse(JSON.parse(row.plan_json));
  if (!parsed.success) throw new InputError(`the stored plan's judge settings are invalid: ${parsed.error.issues[0]?.message ?? ''}`);
  return parsed.data;
}

/** Probe records by stored row, parsed once (the snapshot, so old replies grade against their own probe). */
class ProbeCache {
  private readonly cache = new Map<number, { record: ProbeRecord; json: string }>();
  constructor(private readonly db: Db) {}
  load(rows: readonly ReplyToGrade[]): void {
    const missing = [...new Set(rows.map((r) => r.probeRow))].filter((id) => !this.cache.has(id));
    for (const [id, json] of probeRecordsByRow(this.db, missing)) this.cache.set(id, { record: ProbeRecord.parse(JSON.parse(json)), json });
  }
  get(row: number): { record: ProbeRecord; json: string } {
    const p = this.cache.get(row);
    if (!p) throw new InputError(`reply refers to probe row ${row}, which the store does not hold`);
    return p;
  }
}

function emptyCount(g: Grader): GraderCount {
  return { grader: g.name, version: g.version, kind: g.kind, graded: 0, scored: 0, errors: 0, notApplicable: 0, cacheHits: 0, judgeCalls: 0 };
}

function tally(c: GraderCount, grade: Grade): void {
  c.graded++;
  if (grade.status === 'scored') c.scored++;
  else if (grade.status === 'error') c.errors++;
  else c.notApplicable++;
}

function gradeWithRule(db: Db, experimentId: number, g: RuleGrader, probes: ProbeCache, opts: GradeOptions): GraderCount {
  const count = emptyCount(g);
  for (const page of ungradedResponses(db, experimentId, g.name, g.version, { force: opts.force })) {
    probes.load(page);
    const rows: GradeRow[] = page.map((r) => {
      const grade = g.grade(probes.get(r.probeRow).record, r.text);
      tally(count, grade);
      return { responseId: r.responseId, grader: g.name, version: g.version, grade };
    });
    upsertGrades(db, rows);
    opts.onProgress?.({ grader: g.name, done: count.graded });
  }
  return count;
}

/** Cache key: rubric version, judge model, the probe as stored, the reply's hash. */
export function judgeCacheKey(g: JudgeGrader, probeJson: string, reply: string): string {
  const replyHash = createHash('sha256').update(reply).digest('hex');
  return createHash('sha256').update([g.rubric.version, g.judgeModel, probeJson, replyHash].join('\0')).digest('hex');
}

/** This many judge calls failing to reach the endpoint before any succeeds: the judge is down, stop. */
const UNREACHABLE_LIMIT = 8;

async function gradeWithJudge(
  db: Db, experimentId: number, g: JudgeGrader, probes: ProbeCache, caller: JudgeCaller, concurrency: number, opts: GradeOptions,
): Promise<GraderCount> {
  const count = emptyCount(g);
  const now = opts.now ?? Date.now;
  const health = { reached: false, unreachable: 0 };
  for (const page of ungradedResponses(db, experimentId, g.name, g.version, { force: opts.force })) {
    probes.load(page);
    const rows: GradeRow[] = [];
    const fresh: { key: string; gradeJson: string }[] = [];
    const calls: { reply: ReplyToGrade; key: string }[] = [];
    for (const r of page) {
      const probe = probes.get(r.probeRow);
      if (!g.applies(probe.record)) {
        rows.push({ responseId: r.responseId, grader: g.name, version: g.version, grade: notApplicable(g.appliesTo) });
        continue;
      }
      const key = judgeCacheKey(g, probe.json, r.text);
      const cached = judgeCacheGet(db, key);
      if (cached !== undefined) {
        count.cacheHits++;
        rows.push({ responseId: r.responseId, grader: g.name, version: g.version, grade: Grade.parse(JSON.parse(cached)) });
      } else calls.push({ reply: r, key });
    }
    let next = 0;
    await runPool(
      Math.max(1, concurrency),
      () => calls[next++],
      async ({ reply, key }) => {
        count.judgeCalls++;
        const { grade, unreachable } = await judgeReply(caller, g.rubric, probes.get(reply.probeRow).record, reply.text);
        if (!unreachable) health.reached = true;
        else if (!health.reached && ++health.unreachable >= UNREACHABLE_LIMIT) {
          // Nothing written for this page: a later `stoppoint grade` picks it up once the judge is back.
          throw new FaultError(
            `judge endpoint ${caller.client.baseUrl} (model ${caller.model}) unreachable: ${health.unreachable} calls failed ` +
              `(${grade.status === 'error' ? grade.detail : ''}); is the judge server running?`,
          );
        }
        rows.push({ responseId: reply.responseId, grader: g.name, version: g.version, grade });
        // Only real verdicts are cached: an error is tried again next time.
        if (grade.status === 'scored') fresh.push({ key, gradeJson: JSON.stringify(grade) });
      },
      () => false,
    );
    for (const row of rows) tally(count, row.grade);
    upsertGrades(db, rows);
    judgeCachePut(db, fresh, now());
    opts.onProgress?.({ grader: g.name, done: count.graded });
  }
  return count;
}
