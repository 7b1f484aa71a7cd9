import type { OutcomeTable } from './outcomes.js';
import type { DiscriminatingFinding, HealthOptionsResolved } from './types.js';

/** Running sums for a Pearson correlation over weighted observations. */
interface Sums {
  n: number;
  x: number;
  xx: number;
  y: number;
  yy: number;
  xy: number;
}

const EPS = 1e-12;

/** Pearson correlation from sums; null when either side does not vary. */
export function correlationFromSums(s: Sums): number | null {
  if (s.n < 2) return null;
  const mx = s.x / s.n;
  const my = s.y / s.n;
  const vx = s.xx / s.n - mx * mx;
  const vy = s.yy / s.n - my * my;
  if (vx <= EPS || vy <= EPS) return null;
  return Math.max(-1, Math.min(1, (s.xy / s.n - mx * my) / Math.sqrt(vx * vy)));
}

/** Point-biserial correlation of pass/fail outcomes (0/1) with a score: Pearson's r on those pairs. */
export function pointBiserial(pass: readonly number[], score: readonly number[]): number | null {
  const s: Sums = { n: 0, x: 0, xx: 0, y: 0, yy: 0, xy: 0 };
  pass.forEach((x, i) => {
    const y = score[i]!;
    s.n++;
    s.x += x;
    s.xx += x * x;
    s.y += y;
    s.yy += y * y;
    s.xy += x * y;
  });
  return correlationFromSums(s);
}

interface Scored {
  p: number;
  r: number;
  n: number;
  evaluations: number;
}

/**
 * How well each probe separates candidates: the point-biserial correlation between a reply's
 * outcome and its candidate's score on the rest of the set (the probe left out, so it does not
 * correlate with itself). Each graded reply is one observation. Probes whose outcome or whose
 * candidates' scores do not vary have no r (a saturated probe is reported as saturated instead).
 * The `top` highest are the probes that carry the signal; the `top` lowest either say nothing about
 * the candidates (r near 0) or pass for the weaker ones (r < 0: the expectation may be wrong).
 * Probes in `exclude` (saturated lately: recent candidates are no longer told apart) are left out.
 */
export function discriminatingProbes(
  table: OutcomeTable,
  opts: Pick<HealthOptionsResolved, 'top' | 'minEvaluations'>,
  exclude: ReadonlySet<string> = new Set(),
): DiscriminatingFinding[] {
  const scored: Scored[] = [];
  table.probes.forEach((probe, p) => {
    if (exclude.has(probe.id)) return;
    const s: Sums = { n: 0, x: 0, xx: 0, y: 0, yy: 0, xy: 0 };
    let evaluations = 0;
    for (let e = 0; e < table.evaluations.length; e++) {
      const c = table.cell(e, p);
      const y = c ? table.restScore(e, p) : null;
      if (!c || y === null) continue;
      evaluations++;
      s.n += c.n;
      s.x += c.sum;
      s.xx += c.sumSq;
      s.y += c.n * y;
      s.yy += c.n * y * y;
      s.xy += c.sum * y;
    }
    const r = evaluations >= opts.minEvaluations ? correlationFromSums(s) : null;
    if (r !== null) scored.push({ p, r, n: s.n, evaluations });
  });
  const byR = [...scored].sort((a, b) => b.r - a.r || a.p - b.p);
  const top = byR.slice(0, opts.top).filter((x) => x.r > 0);
  const taken = new Set(top.map((x) => x.p));
  const least = byR.reverse().filter((x) => !taken.has(x.p)).slice(0, opts.top);
  const id = (x: Scored): [string] => [table.probes[x.p]!.id];
  return [
    ...top.map((x): DiscriminatingFinding => ({
      kind: 'discriminating', rank: 'top', probes: id(x), action: 'add-paraphrases', r: x.r, n: x.n, evaluations: x.evaluations,
      summary: `r = ${x.r.toFixed(2)} with the candidate's score over ${x.evaluations} evaluations: it carries the signal; add paraphrases so wording luck cannot move it`,
    })),
    ...least.map((x): DiscriminatingFinding => ({
      kind: 'discriminating', rank: 'least', probes: id(x), action: x.r < 0 ? 'rewrite' : 'retire', r: x.r, n: x.n, evaluations: x.evaluations,
      summary:
        x.r < 0
          ? `r = ${x.r.toFixed(2)}: weaker candidates pass it more often; check the expectation`
          : `r = ${x.r.toFixed(2)} over ${x.evaluations} evaluations: its outcome says little about the candidate; retire it or make it sharper`,
    })),
  ];
}
