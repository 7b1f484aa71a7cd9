import { join } from 'node:path';
import { openDb, type Db } from '../../src/store/db.js';
import { assembleReportData } from '../../src/report/data.js';
import type { ReportData } from '../../src/report/types.js';
import type { ExperimentMetrics } from '../../src/metrics/types.js';
import type { Verdict } from '../../src/verdict/schema.js';
import { Verdict as VerdictSchema } from '../../src/verdict/schema.js';
import { tempDir } from '../helpers/tmp.js';
import { renderReport } from '../../src/report/render.js';
// @ts-expect-error -- plain JavaScript fixture generator shared with bench/report.mjs
import { fixtureMetrics, fixtureVerdict, makeReportStore, PAYLOADS as payloadList } from '../fixtures/report/make-store.mjs';

/** Markup that must show up as text and never run. */
export const PAYLOADS = payloadList as string[];

export interface MadeStore {
  experiment: string;
  candidates: { id: number; name: string }[];
  probes: { id: string }[];
  repeats: number;
}

export interface Fixture {
  db: Db;
  dir: string;
  made: MadeStore;
  metrics: ExperimentMetrics;
  verdict: Verdict;
  data: ReportData;
}

export interface FixtureOptions {
  candidates?: number;
  probes?: number;
  repeats?: number;
  payloads?: boolean;
  longReplies?: number;
  errors?: number;
  /** Mean length of diverse, mostly distinct replies (the benchmark's kind). */
  replyChars?: number;
  /** Packed bytes the reply texts may take (default: the report's own budget). */
  textBudget?: number;
}

/** A store built through SQL plus constructed metrics and verdict of the contract types. */
export function reportFixture(options: FixtureOptions = {}): Fixture {
  const dir = tempDir('stoppoint-report-');
  const db = openDb(join(dir, 'runs', 'stoppoint.sqlite'));
  const made = makeReportStore(db, options) as MadeStore;
  const metrics = fixtureMetrics(made) as ExperimentMetrics;
  const verdict = VerdictSchema.parse(fixtureVerdict(made));
  const data = assembleReportData(db, made.experiment, { metrics, verdict }, new Date('2025-02-03T04:05:06Z'), options.textBudget);
  return { db, dir, made, metrics, verdict, data };
}

/**
 * A report whose verdict (reason, summaries, evidence), contract, freeze risks and parameters all
 * carry markup payloads, next to the fixture's payload prompts and replies.
 */
export function hostileReport(options: FixtureOptions = {}): Fixture & { html: string } {
  const f = reportFixture(options);
  const verdict: Verdict = {
    ...f.verdict,
    reason: PAYLOADS[0],
    signals: f.verdict.signals.map((s) => ({ ...s, summary: `${s.summary} ${PAYLOADS[1]}`, evidence: { ...s.evidence, note: PAYLOADS[3] } })),
    contract: f.verdict.contract.map((c) => ({ ...c, metric: `${c.metric}${PAYLOADS[2]}` })),
    freeze_risks: [{ metric: 'consistency.agreement', value: 0.5, why: PAYLOADS[4]! }],
  };
  const metrics: ExperimentMetrics = {
    ...f.metrics,
    candidates: f.metrics.candidates.map((c, i) => (i === 1 ? { ...c, params: { ...c.params, note: PAYLOADS[4]! } } : c)),
  };
  const data = assembleReportData(f.db, f.made.experiment, { metrics, verdict }, new Date('2025-02-03T04:05:06Z'), options.textBudget);
  return { ...f, metrics, verdict, data, html: renderReport(data) };
}
