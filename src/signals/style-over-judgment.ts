import type { MetricName } from '../metrics/registry.js';
import type { CandidateSummary } from '../metrics/types.js';
import { changeEvidence, compareCandidates, compareFor, type Change } from './compare.js';
import { decisionMetrics, inPlanOrder, styleMetrics, type SignalInput } from './input.js';
import { describeChange } from './text.js';
import type { Signal } from './types.js';

interface Reading {
  from: string;
  to: string;
  style: Change[];
  judgment: Change[];
  risk: Change[];
  styleOnly: boolean;
}

/**
 * Signal 3, "sounds better, decides no better": between two candidates, a style metric with a better
 * direction (courtesy, judge tone) gains significantly (paired test) while no judgment metric
 * (over-refusal, boundary, factuality) gains significantly — they stay within noise or lose.
 * Checked over the recent window — from the candidate `patience` iterations back to the latest — and
 * on each step inside that window. Any such comparison fires it, severity stop.
 */
export function styleOverJudgment(input: SignalInput): Signal {
  const style = styleMetrics(input.metrics);
  const ordered = inPlanOrder(input.metrics);
  const evidenceBase = { style_metrics: style, judgment_metrics: decisionMetrics(input.metrics, ['judgment']) };
  if (style.length === 0 || ordered.length < 2) {
    return { id: 'style-over-judgment', fired: false, severity: 'info', summary: 'No style metric with a better direction to compare.', evidence: { ...evidenceBase, comparisons: [] } };
  }
  const last = ordered.length - 1;
  const anchor = Math.max(0, last - input.contract.patience);
  const pairs: [CandidateSummary, CandidateSummary][] = [[ordered[anchor]!, ordered[last]!]];
  for (let i = anchor + 1; i <= last; i++) if (i - 1 !== anchor || i !== last) pairs.push([ordered[i - 1]!, ordered[i]!]);
  const screened = pairs.map(([a, b]) => read(input, a.name, b.name, style));
  const firstHit = screened.findIndex((r) => r.styleOnly);
  const readings = screened.map((r, i) => (i === firstHit ? read(input, r.from, r.to, style, true) : r));
  const hits = readings.filter((r) => r.styleOnly);
  const evidence = {
    ...evidenceBase,
    window: { from: ordered[anchor]!.name, to: ordered[last]!.name },
    comparisons: readings.map((r) => ({
      from: r.from,
      to: r.to,
      style_only: r.styleOnly,
      style: r.style.map(changeEvidence),
      judgment: r.judgment.map(changeEvidence),
      risk: r.risk.map(changeEvidence),
    })),
  };
  const first = hits[0];
  if (!first) {
    return {
      id: 'style-over-judgment',
      fired: false,
      severity: 'info',
      summary: `From ${ordered[anchor]!.name} to ${ordered[last]!.name}, no style gain came without a judgment gain.`,
      evidence,
    };
  }
  const styleGain = first.style.filter((c) => c.movement === 'gain').map(describeChange).join(', ');
  const judgment = first.judgment.map(describeChange).join(', ');
  const lost = first.judgment.some((c) => c.movement === 'loss') ? 'lose or stay within noise' : 'stay within noise';
  return {
    id: 'style-over-judgment',
    fired: true,
    severity: 'stop',
    summary: `From ${first.from} to ${first.to} replies read better (${styleGain}) while judgment metrics ${lost} (${judgment}).`,
    evidence,
  };
}

/**
 * Tests only what can change the answer: a style metric can gain only with a positive point gain,
 * a judgment metric likewise. The pair that fires is then read again in full (full: true) so its
 * evidence shows every interval.
 */
function read(input: SignalInput, a: string, b: string, style: readonly MetricName[], full = false): Reading {
  const styleChanges = style.map((m) => (full ? compareCandidates(input, m, a, b) : compareFor(input, 'gain', m, a, b)));
  const styled = styleChanges.some((c) => c.movement === 'gain');
  const judgment = decisionMetrics(input.metrics, ['judgment']).map((m) => (full ? compareCandidates(input, m, a, b) : compareFor(input, 'gain', m, a, b)));
  const risk = decisionMetrics(input.metrics, ['risk']).map((m) => (full ? compareCandidates(input, m, a, b) : compareFor(input, 'loss', m, a, b)));
  const styleOnly = styled && judgment.length > 0 && judgment.every((c) => c.movement !== 'gain' && c.movement !== 'unmeasured');
  return { from: a, to: b, style: styleChanges, judgment, risk, styleOnly };
}
