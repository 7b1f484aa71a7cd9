import type { CandidateSummary } from '../metrics/types.js';
import { decisionMetrics, inPlanOrder, type SignalInput } from './input.js';
import type { Signal } from './types.js';

interface Gap {
  candidate: string;
  problems: string[];
}

/**
 * Signal 5, "we picked samples": a compared candidate whose evaluation is not the full set — replies
 * missing (coverage below 100%), requests that errored, a --limit/--sample subset, a probe-set version
 * other than the one the rest were evaluated on, or a decision metric graded on fewer replies than
 * were expected. These are counts, not estimates: any gap fires it, with severity stop, because
 * every comparison after it would compare different things.
 */
export function partialEvaluation(input: SignalInput): Signal {
  const candidates = inPlanOrder(input.metrics);
  const reference = referenceVersions(candidates);
  const metrics = decisionMetrics(input.metrics);
  const gaps: Gap[] = [];
  for (const c of candidates) {
    const problems: string[] = [];
    const cov = c.coverage;
    if (cov.expected === 0) problems.push('not evaluated');
    else if (cov.replied < cov.expected) problems.push(`coverage ${cov.replied}/${cov.expected} (${((100 * cov.replied) / cov.expected).toFixed(1)}%)`);
    if (cov.errors > 0) problems.push(`${cov.errors} request(s) errored`);
    if (cov.subset !== null) problems.push(`evaluated on a subset (${cov.subset})`);
    const versions = signature(cov.setVersions);
    if (reference !== null && cov.expected > 0 && versions !== reference) {
      problems.push(`probe-set version ${cov.setVersions.join(', ') || 'none'} instead of ${reference || 'none'}`);
    }
    if (cov.complete && cov.replied === cov.expected) {
      for (const m of metrics) {
        const est = c.metrics[m];
        if (est && est.value !== null && est.coverage < 1) problems.push(`${m} graded on ${(100 * est.coverage).toFixed(1)}% of its replies`);
      }
    }
    if (problems.length) gaps.push({ candidate: c.name, problems });
  }
  const evidence = {
    reference_versions: reference === null ? [] : reference.split(' + ').filter(Boolean),
    candidates: candidates.map((c) => ({
      candidate: c.name,
      expected: c.coverage.expected,
      replied: c.coverage.replied,
      errors: c.coverage.errors,
      subset: c.coverage.subset,
      versions: c.coverage.setVersions,
    })),
    gaps,
  };
  if (gaps.length === 0) {
    return {
      id: 'partial-evaluation',
      fired: false,
      severity: 'info',
      summary: `All ${candidates.length} candidates were evaluated on the full set (${reference || 'no set'}), every reply graded.`,
      evidence,
    };
  }
  const shown = gaps.slice(0, 3).map((g) => `${g.candidate}: ${g.problems.join('; ')}`).join(' | ');
  return {
    id: 'partial-evaluation',
    fired: true,
    severity: 'stop',
    summary: `${gaps.length} of ${candidates.length} candidates were not evaluated on the same full set: ${shown}${gaps.length > 3 ? ` | and ${gaps.length - 3} more` : ''}.`,
    evidence,
  };
}

function signature(versions: readonly string[]): string {
  return [...versions].sort().join(' + ');
}

/** The probe-set versions most candidates were evaluated on (the baseline's breaks a tie). */
function referenceVersions(candidates: readonly CandidateSummary[]): string | null {
  const counts = new Map<string, number>();
  for (const c of candidates) if (c.coverage.expected > 0) counts.set(signature(c.coverage.setVersions), (counts.get(signature(c.coverage.setVersions)) ?? 0) + 1);
  if (counts.size === 0) return null;
  const top = Math.max(...counts.values());
  const tied = [...counts].filter(([, n]) => n === top).map(([s]) => s);
  const base = candidates.find((c) => c.baseline);
  const baseSig = base ? signature(base.coverage.setVersions) : undefined;
  return baseSig !== undefined && tied.includes(baseSig) ? baseSig : tied[0]!;
}
