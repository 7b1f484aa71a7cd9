import type { RunSummary } from './summary.js';

/** The end-of-run text: coverage per candidate, then persistent failures by class and probe id. */
export function formatRunSummary(s: RunSummary): string {
  const lines: string[] = [];
  const width = Math.max(9, ...s.candidates.map((c) => c.name.length));
  lines.push(`${'candidate'.padEnd(width)}  ${'coverage'.padStart(17)}  errors  sent  status`);
  for (const c of s.candidates) {
    const pct = c.expected > 0 ? (100 * c.replied) / c.expected : 100;
    const cov = `${c.replied}/${c.expected} ${pct === 100 ? '100%' : `${pct.toFixed(1)}%`}`;
    lines.push(
      `${c.name.padEnd(width)}  ${cov.padStart(17)}  ${String(c.errors).padStart(6)}  ${String(c.sent).padStart(4)}  ${c.status}${c.subset ? ` (subset ${c.subset})` : ''}`,
    );
  }
  const failing = s.candidates.filter((c) => c.failures.length > 0);
  if (failing.length) {
    lines.push('', 'persistent failures (sent again by the next `stoppoint run` of this plan):');
    for (const c of failing) {
      for (const g of c.failures) {
        const more = g.count > g.probes.length ? ` … (${g.count} probe-samples in all)` : '';
        lines.push(`  ${c.name}  ${g.errorClass} ×${g.count}: ${g.probes.join(', ')}${more}`);
        if (g.example) lines.push(`    e.g. ${g.example}`);
      }
    }
  }
  if (s.grading) {
    const g = s.grading.graders.filter((x) => x.graded > 0);
    lines.push('', g.length ? `graded: ${g.map((x) => `${x.grader} ${x.graded}${x.errors ? ` (${x.errors} errors)` : ''}`).join(', ')}` : 'graded: nothing new to grade');
  }
  for (const n of s.notes ?? []) lines.push(`note: ${n}`);
  const took = (s.elapsedMs / 1000).toFixed(1);
  const verdict =
    s.outcome === 'complete'
      ? 'complete: every candidate has a reply for every probe × sample'
      : s.outcome === 'interrupted'
        ? 'interrupted: what arrived is stored; run the same command again to resume'
        : s.outcome === 'budget'
          ? `stopped by the budget (${s.stopReason ?? ''}); recorded as partial`
          : 'partial: coverage below 100%';
  lines.push('', `${s.experiment}: ${verdict} — ${s.requests} requests in ${took}s${s.tokens ? `, ${s.tokens} tokens` : ''}`);
  return lines.join('\n');
}
