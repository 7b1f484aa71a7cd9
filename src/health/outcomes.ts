/**
 * Per-(evaluation, probe) tallies of reply outcomes: what every probe-health finding is computed
 * from. Filled one reply at a time (the store streams them), so memory is evaluations × probes
 * numbers, never the replies themselves.
 */

/** A probe of the set whose health is reported (its current or named version). */
export interface HealthProbe {
  id: string;
  category: string;
  behavior: string;
  group: string | null;
  tags: string[];
  lang: string | null;
}

/** A candidate evaluated on one version of the set; `order` sorts evaluations in time. */
export interface Evaluation {
  candidate: string;
  experiment: string;
  version: string;
  order: number;
}

/** One graded reply: how good it was in [0, 1] (1 = the probe's expectation met). */
export interface SampleOutcome {
  evaluation: number;
  probe: number;
  score: number;
}

/** What one evaluation's replies to one probe add up to. */
export interface Cell {
  n: number;
  sum: number;
  sumSq: number;
  min: number;
  max: number;
}

const FIELDS = 5;

export class OutcomeTable {
  /** Per evaluation: [n, sum, sumSq, min, max] for every probe, allocated when first used. */
  private readonly cells: (Float64Array | undefined)[];
  /** Per evaluation: graded replies and their outcome sum over all probes (cleared by add). */
  private readonly totals = new Map<number, [number, number]>();

  constructor(readonly probes: readonly HealthProbe[], readonly evaluations: readonly Evaluation[]) {
    this.cells = evaluations.map(() => undefined);
  }

  add(o: SampleOutcome): void {
    if (!(o.score >= 0 && o.score <= 1)) throw new RangeError(`outcome score ${o.score} is outside [0, 1]`);
    let a = this.cells[o.evaluation];
    if (!a) {
      a = new Float64Array(this.probes.length * FIELDS);
      this.cells[o.evaluation] = a;
    }
    this.totals.delete(o.evaluation);
    const i = o.probe * FIELDS;
    const first = a[i] === 0;
    a[i]! += 1;
    a[i + 1]! += o.score;
    a[i + 2]! += o.score * o.score;
    a[i + 3] = first ? o.score : Math.min(a[i + 3]!, o.score);
    a[i + 4] = first ? o.score : Math.max(a[i + 4]!, o.score);
  }

  cell(evaluation: number, probe: number): Cell | undefined {
    const a = this.cells[evaluation];
    const i = probe * FIELDS;
    if (!a || a[i] === 0) return undefined;
    return { n: a[i]!, sum: a[i + 1]!, sumSq: a[i + 2]!, min: a[i + 3]!, max: a[i + 4]! };
  }

  /** The evaluations that graded this probe at least once, oldest first. */
  evaluationsOf(probe: number): number[] {
    const out: number[] = [];
    for (let e = 0; e < this.evaluations.length; e++) if (this.cell(e, probe)) out.push(e);
    return out.sort((x, y) => this.evaluations[x]!.order - this.evaluations[y]!.order);
  }

  /** Mean outcome of an evaluation over every probe but one (the candidate's score without that probe). */
  restScore(evaluation: number, leaveOut: number): number | null {
    const a = this.cells[evaluation];
    if (!a) return null;
    const [n, sum] = this.totalOf(evaluation, a);
    const restN = n - a[leaveOut * FIELDS]!;
    return restN === 0 ? null : (sum - a[leaveOut * FIELDS + 1]!) / restN;
  }

  private totalOf(evaluation: number, a: Float64Array): [n: number, sum: number] {
    const known = this.totals.get(evaluation);
    if (known) return known;
    let n = 0;
    let sum = 0;
    for (let p = 0; p < this.probes.length; p++) {
      n += a[p * FIELDS]!;
      sum += a[p * FIELDS + 1]!;
    }
    this.totals.set(evaluation, [n, sum]);
    return [n, sum];
  }
}

/** Outcomes of a paraphrase group in one evaluation: samples where every member was graded, and coherent ones. */
export interface GroupOutcome {
  evaluation: number;
  group: string;
  n: number;
  coherent: number;
  /** Mean outcome per member probe id, to point at the member that reads differently. */
  members: Record<string, number | null>;
}

/** Rule-vs-judge agreement on one probe, summed over evaluations. */
export interface PairOutcome {
  probe: string;
  rule: string;
  judge: string;
  both: number;
  differ: number;
}
