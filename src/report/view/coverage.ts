import { METRIC_NAMES, type MetricName } from '../../metrics/registry.js';
import type { CandidateSummary, JudgeAgreement, Resolution } from '../../metrics/types.js';
import type { RunRecord } from '../types.js';
import { fmtDelta, fmtNumber, fmtPercent } from './format.js';

export interface CoverageRowView {
  name: string;
  replied: number;
  expected: number;
  coverage: string;
  errors: number;
  complete: boolean;
  mark: string;
  subset: string;
  versions: string;
  /** Evaluated on other probe-set versions than most candidates: the comparison is not like for like. */
  versionDiffers: boolean;
}

export interface RunRowView {
  candidate: string;
  setVersion: string;
  status: string;
  statusMark: string;
  repeats: number;
  replied: number;
  expected: number;
  errors: number;
  subset: string;
  startedAt: string;
  finishedAt: string;
}

export function coverageView(candidates: CandidateSummary[]): CoverageRowView[] {
  const keyOf = (c: CandidateSummary): string => [...c.coverage.setVersions].sort().join(', ');
  const counts = new Map<string, number>();
  for (const c of candidates) counts.set(keyOf(c), (counts.get(keyOf(c)) ?? 0) + 1);
  const common = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
  return candidates.map((c) => {
    const cov = c.coverage;
    const complete = cov.complete && cov.errors === 0;
    return {
      name: c.name,
      replied: cov.replied,
      expected: cov.expected,
      coverage: cov.expected > 0 ? fmtPercent(cov.replied / cov.expected) : 'n/a',
      errors: cov.errors,
      complete,
      mark: complete ? '✓ complete' : cov.subset ? '✗ subset' : '✗ incomplete',
      subset: cov.subset ?? '',
      versions: keyOf(c),
      versionDiffers: counts.size > 1 && keyOf(c) !== common,
    };
  });
}

export function runsView(runs: RunRecord[]): RunRowView[] {
  return runs.map((r) => ({
    candidate: r.candidate,
    setVersion: r.setVersion,
    status: r.status,
    statusMark: r.status === 'complete' ? '✓ complete' : `✗ ${r.status}`,
    repeats: r.repeats,
    replied: r.replied,
    expected: r.expected,
    errors: r.errors,
    subset: r.subset ?? '',
    startedAt: r.startedAt,
    finishedAt: r.finishedAt ?? '—',
  }));
}

export interface ResolutionRowView {
  metric: string;
  mdd: string;
  units: number;
  pairs: number;
}

/** Smallest difference the probe set can detect per metric: below it, "no gain" may just mean "too few probes". */
export function resolutionView(resolution: Partial<Record<MetricName, Resolution>>): ResolutionRowView[] {
  return METRIC_NAMES.flatMap((m) => {
    const r = resolution[m];
    if (!r) return [];
    return [{ metric: m, mdd: r.mdd === null ? 'n/a' : `±${fmtDelta(m, r.mdd).replace(/^[+±−]/, '')}`, units: r.n_units, pairs: r.pairs }];
  });
}

export interface AgreementRowView {
  rule: string;
  judge: string;
  kappa: string;
  observed: string;
  n: number;
  disagreements: number;
}

export function agreementView(rows: JudgeAgreement[]): AgreementRowView[] {
  return rows.map((a) => ({
    rule: a.rule,
    judge: a.judge,
    kappa: a.kappa === null ? 'n/a' : fmtNumber(a.kappa),
    observed: a.observed === null ? 'n/a' : fmtPercent(a.observed),
    n: a.n,
    disagreements: a.disagreements,
  }));
}
