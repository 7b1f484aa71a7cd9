import type { LoadedPlan } from '../plan/load.js';
import { probeMessages } from '../probes/schema.js';
import type { Db } from '../store/db.js';
import { storedRepliesByProbe } from '../store/responses.js';
import { estimateTokens } from './budget.js';
import { selectCandidates } from './jobs.js';
import { selectProbeIds, subsetLabel, type Subset } from './subset.js';

export interface DryRunCandidate {
  name: string;
  model: string;
  endpoint: string;
  /** Probe-samples the candidate must cover (of the subset, if any). */
  requests: number;
  /** Of those, already stored with a reply (a rerun resumes). */
  stored: number;
  toSend: number;
  /** Estimated as characters / 4: a rough English rule; real tokenizers differ by model and language. */
  promptTokens: number;
  /** Upper bound: every reply hits max_tokens. */
  completionTokensMax: number;
  /** From the plan's prices, when given; an upper bound like completionTokensMax. */
  usdMax: number | null;
}

export interface DryRunReport {
  experiment: string;
  subset: string | null;
  sets: string[];
  repeats: number;
  candidates: DryRunCandidate[];
  total: Omit<DryRunCandidate, 'name' | 'model' | 'endpoint'>;
  budget: LoadedPlan['plan']['budget'] | null;
  tokenEstimate: string;
}

/** What `run` would send, without sending or writing anything. `db` is the store if it exists. */
export function dryRun(loaded: LoadedPlan, db: Db | undefined, candidateNames: readonly string[] | undefined, subset: Subset | null): DryRunReport {
  const { plan } = loaded;
  const candidates = selectCandidates(plan, candidateNames);
  const sets = loaded.probeSets.map((set) => {
    const only = subset ? selectProbeIds(set.records.map((r) => r.id), subset) : null;
    const promptTokens = new Map<string, number>();
    for (const r of set.records) {
      if (only && !only.has(r.id)) continue;
      promptTokens.set(r.id, probeMessages(r).reduce((n, m) => n + estimateTokens(m.content) + 4, 0));
    }
    return { set, promptTokens };
  });
  const rows = candidates.map((c): DryRunCandidate => {
    let requests = 0;
    let stored = 0;
    let promptTokens = 0;
    for (const { set, promptTokens: perProbe } of sets) {
      requests += perProbe.size * plan.repeats;
      const done = new Map<string, number>();
      if (db) for (const r of storedRepliesByProbe(db, plan.name, c.name, set.meta.name, set.version, plan.repeats)) done.set(r.probeId, r.n);
      for (const [id, tokens] of perProbe) {
        const have = done.get(id) ?? 0;
        stored += have;
        promptTokens += tokens * (plan.repeats - have);
      }
    }
    const toSend = requests - stored;
    const completionTokensMax = toSend * plan.sampling.max_tokens;
    const usdMax = plan.prices
      ? (promptTokens * plan.prices.prompt_per_mtok + completionTokensMax * plan.prices.completion_per_mtok) / 1e6
      : null;
    return {
      name: c.name, model: c.model, endpoint: (c.endpoint ?? plan.endpoint).base_url,
      requests, stored, toSend, promptTokens, completionTokensMax, usdMax,
    };
  });
  const sum = (f: (r: DryRunCandidate) => number): number => rows.reduce((n, r) => n + f(r), 0);
  return {
    experiment: plan.name,
    subset: subset ? subsetLabel(subset) : null,
    sets: loaded.probeSets.map((s) => s.ref),
    repeats: plan.repeats,
    candidates: rows,
    total: {
      requests: sum((r) => r.requests),
      stored: sum((r) => r.stored),
      toSend: sum((r) => r.toSend),
      promptTokens: sum((r) => r.promptTokens),
      completionTokensMax: sum((r) => r.completionTokensMax),
      usdMax: plan.prices ? sum((r) => r.usdMax ?? 0) : null,
    },
    budget: plan.budget ?? null,
    tokenEstimate: 'prompt tokens ≈ characters / 4 (+4 per message); completion tokens bounded by max_tokens',
  };
}

export function formatDryRun(r: DryRunReport): string {
  const lines = [
    `dry run of ${r.experiment}: ${r.sets.join(', ')} × ${r.repeats} repeat(s)${r.subset ? `, subset ${r.subset} (partial)` : ''}`,
    'candidate'.padEnd(28) + 'requests'.padStart(10) + 'stored'.padStart(9) + 'to send'.padStart(9) + 'prompt tok'.padStart(12) + 'compl tok ≤'.padStart(13) + (r.total.usdMax !== null ? 'cost ≤ $'.padStart(11) : ''),
  ];
  const line = (name: string, c: Omit<DryRunCandidate, 'name' | 'model' | 'endpoint'>): string =>
    name.padEnd(28) + String(c.requests).padStart(10) + String(c.stored).padStart(9) + String(c.toSend).padStart(9) +
    String(c.promptTokens).padStart(12) + String(c.completionTokensMax).padStart(13) +
    (c.usdMax !== null ? c.usdMax.toFixed(4).padStart(11) : '');
  for (const c of r.candidates) lines.push(line(c.name.length > 27 ? `${c.name.slice(0, 26)}…` : c.name, c));
  lines.push(line('total', r.total));
  lines.push(`(${r.tokenEstimate})`);
  if (r.budget) lines.push(`budget: ${JSON.stringify(r.budget)} — the run stops cleanly when it is reached`);
  return lines.join('\n');
}
