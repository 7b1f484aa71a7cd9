import { join } from 'node:path';
import { openDb, type Db } from '../../src/store/db.js';
import { assembleReportData } from '../../src/report/data.js';
import type { ReportData } from '../../src/report/types.js';
import type { ExperimentMetrics } from '../../src/metrics/types.js';
import type { Verdict } from '../../src/verdict/schema.js';
import { Verdict as VerdictSchema } from '../../src/verdict/schema.js';
import { tempDir } from '../helpers/tmp.js';
// @ts-expect-error -- plain JavaScript fixture generator shared with bench/report.mjs
import { fixtureMetrics, fixtureVerdict, makeReportStore } from '../fixtures/report/make-store.mjs';

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
}

/** A store built through SQL plus constructed metrics and verdict of the contract types. */
export function reportFixture(options: FixtureOptions = {}): Fixture {
  const dir = tempDir('stoppoint-report-');
  const db = openDb(join(dir, 'runs', 'stoppoint.sqlite'));
  const made = makeReportStore(db, options) as MadeStore;
  const metrics = fixtureMetrics(made) as ExperimentMetrics;
  const verdict = VerdictSchema.parse(fixtureVerdict(made));
  const data = assembleReportData(db, made.experiment, { metrics, verdict }, new Date('2025-02-03T04:05:06Z'));
  return { db, dir, made, metrics, verdict, data };
}
