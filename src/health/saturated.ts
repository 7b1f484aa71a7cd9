import type { OutcomeTable } from './outcomes.js';
import type { HealthOptionsResolved, SaturatedFinding } from './types.js';

/**
 * Saturated probes: over a probe's last K evaluations (K = `last`; at least two), every graded
 * reply met the expectation (it no longer tells candidates apart: retire it, or replace it with a
 * harder one) or none did (nobody gets it right: check the expectation before blaming the models).
 */
export function saturatedProbes(table: OutcomeTable, opts: Pick<HealthOptionsResolved, 'last'>): SaturatedFinding[] {
  const out: SaturatedFinding[] = [];
  table.probes.forEach((probe, p) => {
    const recent = table.evaluationsOf(p).slice(-opts.last);
    if (recent.length < 2) return;
    let samples = 0;
    let min = 1;
    let max = 0;
    for (const e of recent) {
      const c = table.cell(e, p)!;
      samples += c.n;
      min = Math.min(min, c.min);
      max = Math.max(max, c.max);
    }
    const state = min === 1 ? 'pass' : max === 0 ? 'fail' : undefined;
    if (!state) return;
    const who = `every reply of the last ${recent.length} evaluations (${samples} replies)`;
    out.push(
      state === 'pass'
        ? { kind: 'saturated', probes: [probe.id], action: 'retire', state, evaluations: recent.length, samples,
            summary: `passed by ${who}: it no longer separates candidates; retire it or make it harder` }
        : { kind: 'saturated', probes: [probe.id], action: 'rewrite', state, evaluations: recent.length, samples,
            summary: `failed by ${who}: check the expected answer/behaviour before blaming the models` },
    );
  });
  return out.sort((a, b) => a.state.localeCompare(b.state) || a.probes[0].localeCompare(b.probes[0]));
}
