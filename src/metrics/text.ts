import type { MetricEstimate, PairedComparison } from './types.js';
import { METRIC_NAMES, METRICS } from './registry.js';
import type { MetricsView } from './view.js';

const pct = (x: number) => `${(x * 100).toFixed(0)}%`;

function num(metric: MetricEstimate['metric'], x: number | null | undefined): string {
  if (x === null || x === undefined || Number.isNaN(x)) return '—';
  if (METRICS[metric].scale === 'rate') return x.toFixed(3);
  return Math.abs(x) < 10 ? x.toFixed(2) : x.toFixed(1);
}

function row(m: MetricEstimate): string {
  const ci = m.ci ? `[${num(m.metric, m.ci[0])}, ${num(m.metric, m.ci[1])}]` : '—';
  const rel = m.pass_all_k === undefined || m.pass_all_k === null ? '' : `  pass^k ${m.pass_all_k.toFixed(2)} flip ${m.flip_rate?.toFixed(2) ?? '—'}`;
  return `  ${m.metric.padEnd(30)} ${num(m.metric, m.value).padStart(7)}  ${ci.padEnd(18)} n ${String(m.n).padStart(6)}  clusters ${String(m.clusters).padStart(5)}  coverage ${pct(m.coverage).padStart(4)}  ${m.method}${rel}`;
}

function comparisonRow(c: PairedComparison): string {
  const d = c.delta === null ? '—' : (c.delta >= 0 ? '+' : '') + num(c.metric, c.delta);
  const ci = c.ci ? `[${num(c.metric, c.ci[0])}, ${num(c.metric, c.ci[1])}]` : '—';
  const p = c.p_value === null ? '—' : c.p_value < 0.001 ? '<0.001' : c.p_value.toFixed(3);
  return `  ${c.metric.padEnd(30)} Δ ${d.padStart(7)}  ${ci.padEnd(18)} p ${p.padStart(6)}  ${c.test}, ${c.n_pairs} pairs`;
}

/** The readable form of `stoppoint metrics`. Model text (disagreeing replies) is clipped to one line. */
export function renderMetrics(view: MetricsView): string {
  const { metrics } = view;
  const out: string[] = [`experiment ${metrics.experiment}: ${metrics.candidates.length} candidate(s)`];
  for (const c of metrics.candidates) {
    const cov = c.coverage;
    out.push('', `${c.name}${c.baseline ? ' (baseline)' : ''}  model ${c.model}  ${cov.setVersions.join(', ') || 'not run'}  ` +
      `replies ${cov.replied}/${cov.expected}${cov.errors ? `, ${cov.errors} errored` : ''}${cov.subset ? `, subset ${cov.subset}` : ''}`);
    for (const name of METRIC_NAMES) {
      const m = c.metrics[name];
      if (m) out.push(row(m));
    }
    if (view.by) {
      for (const [key, slice] of Object.entries(c.slices)) {
        if (!key.startsWith(`${view.by}:`)) continue;
        out.push(`  · ${key}`);
        for (const name of METRIC_NAMES) if (slice[name]) out.push(`  ${row(slice[name]!)}`);
      }
    }
  }
  if (view.comparison) {
    const first = view.comparison[0];
    out.push('', first ? `paired comparison ${first.b} vs ${first.a} (Δ = ${first.b} − ${first.a})` : 'paired comparison: no shared metrics');
    for (const c of view.comparison) out.push(comparisonRow(c));
  }
  const agreement = metrics.judge_agreement ?? [];
  out.push('');
  if (agreement.length === 0) out.push('judge agreement: no replies graded by both a rule grader and the judge');
  for (const a of agreement) {
    out.push(`judge agreement ${a.rule} vs ${a.judge}: kappa ${a.kappa === null ? '—' : a.kappa.toFixed(2)}, ` +
      `agree ${a.observed === null ? '—' : pct(a.observed)} of ${a.n}, ${a.disagreements} disagreement(s)`);
  }
  const res = Object.entries(metrics.resolution ?? {}).filter(([, r]) => r.mdd !== null);
  if (res.length > 0) {
    out.push('resolution (smallest paired difference detectable at 80% power, α = 0.05):');
    out.push('  ' + res.map(([m, r]) => `${m} ±${num(m as MetricEstimate['metric'], r.mdd)} (${r.n_units} units)`).join(', '));
  } else out.push('resolution: needs two candidates evaluated on the same probes');
  if (metrics.stale_grades) out.push(`note: ${metrics.stale_grades} grade(s) come from an older grader version; run \`stoppoint grade ${metrics.experiment}\``);
  for (const d of view.disagreements ?? []) {
    out.push('', `disagreements ${d.rule} vs ${d.judge} (first ${d.rows.length}):`);
    for (const r of d.rows) {
      const text = r.text.replace(/\s+/g, ' ').slice(0, 100);
      out.push(`  ${r.candidate} ${r.probeId} #${r.sample}: rule ${r.first}, judge ${r.second}: ${JSON.stringify(text)}`);
    }
  }
  return out.join('\n') + '\n';
}
