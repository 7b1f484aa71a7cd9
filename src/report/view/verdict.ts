import type { Severity, Signal } from '../../signals/types.js';
import type { Verdict } from '../../verdict/schema.js';
import { evidenceView, fmtDelta, fmtInterval, fmtNumber, fmtValue, type EvidenceView } from './format.js';

export interface SignalView {
  id: string;
  severity: Severity;
  /** Shape + word for the severity, so it reads without colour. */
  badge: string;
  summary: string;
  evidence: EvidenceView[];
}

export interface BannerView {
  verdict: string;
  stop: boolean;
  action: string;
  actionText: string;
  freezeCandidate: string | null;
  /** The reason's first clause; the whole reason sits behind an expander when it says more. */
  reasonLead: string | null;
  reason: string | null;
  fired: SignalView[];
  quiet: { id: string; summary: string }[];
}

export interface ContractRowView {
  metric: string;
  rule: string;
  ok: boolean;
  mark: string;
  pair: string;
  delta: string;
  interval: string;
  threshold: string;
}

export interface FreezeRiskView {
  metric: string;
  value: string;
  why: string;
}

const SEVERITY_ORDER: Record<Severity, number> = { stop: 0, warn: 1, info: 2 };
const BADGES: Record<Severity, string> = { stop: '■ stop', warn: '▲ warn', info: '● info' };
const ACTIONS: Record<Verdict['action'], string> = {
  'keep-tuning': 'Keep tuning: behaviour is still improving beyond the noise.',
  freeze: 'Freeze a checkpoint: further tuning is not buying real gains.',
  'back-to-data': 'Go back to the data: tuning only moves failures around.',
  'fix-evaluation': 'Fix the evaluation first: the results cannot be compared as they stand.',
};

export function bannerView(v: Verdict): BannerView {
  const fired = v.signals
    .filter((s) => s.fired)
    .sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity])
    .map(signalView);
  return {
    verdict: v.verdict,
    stop: v.verdict === 'stop',
    action: v.action,
    actionText: ACTIONS[v.action],
    freezeCandidate: v.freeze_candidate,
    reasonLead: v.reason === undefined ? null : v.reason.split(' | ')[0]!,
    reason: v.reason !== undefined && v.reason.includes(' | ') ? v.reason : null,
    fired,
    quiet: v.signals.filter((s) => !s.fired).map((s) => ({ id: s.id, summary: s.summary })),
  };
}

function signalView(s: Signal): SignalView {
  return {
    id: s.id,
    severity: s.severity,
    badge: BADGES[s.severity],
    summary: s.summary,
    evidence: Object.entries(s.evidence).map(([key, value]) => evidenceView(key, value)),
  };
}

export function contractView(v: Verdict): ContractRowView[] {
  return v.contract.map((c) => ({
    metric: c.metric,
    rule: c.rule.replace(/_/g, ' '),
    ok: c.ok,
    mark: c.ok ? '✓ met' : '✗ broken',
    pair: c.candidate === undefined ? '' : `${c.candidate}${c.against === undefined ? '' : ` vs ${c.against}`}`,
    delta: fmtDelta(c.metric, c.delta),
    interval: fmtInterval(c.metric, c.interval, true),
    threshold:
      c.threshold === undefined
        ? ''
        : `${c.rule === 'must_improve' ? 'gain ≥ ' : 'loss ≤ '}${fmtDelta(c.metric, c.threshold).replace(/^[+±]/, '')}`,
  }));
}

export function freezeRiskView(v: Verdict): FreezeRiskView[] {
  return v.freeze_risks.map((r) => ({
    metric: r.metric,
    value: Number.isFinite(r.value) && r.value >= 0 && r.value <= 1 ? fmtValue(r.metric, r.value) : fmtNumber(r.value),
    why: r.why,
  }));
}
