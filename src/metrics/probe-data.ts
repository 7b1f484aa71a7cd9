import type { ProbeTotals } from '../store/metric-queries.js';

/** What metrics need to know about one probe of an evaluated set version. */
export interface ProbeInfo {
  row: number;
  /** Paired-comparison key: the probe id (prefixed by its set when several sets share ids). */
  unit: string;
  /** Independence cluster: the paraphrase group when there is one, else the probe itself. */
  cluster: string;
  group: string | null;
  category: string;
  behavior: string;
  tags: string[];
  lang: string | null;
  match: string | null;
  hasAnswer: boolean;
  /** Samples expected per probe (the run's repeats). */
  repeats: number;
}

/** A probe with one candidate's totals (undefined when it has no row at all). */
export interface ProbeData {
  info: ProbeInfo;
  totals: ProbeTotals | undefined;
}

/** A probe's contribution as a unit tally: `n` graded of `repeats`, `sum` of what the metric counts. */
export function tally(p: ProbeData, n: number, sum: number) {
  return { unit: p.info.unit, cluster: p.info.cluster, expected: p.info.repeats, n, sum };
}
