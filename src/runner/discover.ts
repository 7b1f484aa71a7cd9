import OpenAI from 'openai';
import { FaultError } from '../errors.js';
import { appendCandidates, readPlanForEdit, type SkippedCandidate } from '../plan/append.js';
import type { Candidate, Endpoint } from '../plan/schema.js';
import { NO_KEY_PLACEHOLDER, resolveApiKey } from './client.js';

/** Asks an endpoint which model names it serves (`GET /v1/models`). Injected in tests. */
export type ListModels = (endpoint: Endpoint, env: NodeJS.ProcessEnv) => Promise<string[]>;

export interface DiscoverOptions {
  /** Append the offered models to the plan (in place); without it nothing is written. */
  yes?: boolean;
  /** Only model ids this matches are offered (e.g. /^checkpoint-/ to leave out a base model). */
  match?: RegExp;
  env?: NodeJS.ProcessEnv;
  listModels?: ListModels;
}

export interface DiscoverResult {
  /** Absolute path of the plan. */
  plan: string;
  endpoint: string;
  /** Every model id the endpoint serves, in its order. */
  served: string[];
  /** Served models no candidate sends as `model` yet, as the candidates they would become. */
  offered: Candidate[];
  /** With `yes`: what was appended to the plan. */
  added: Candidate[];
  skipped: SkippedCandidate[];
}

/**
 * `stoppoint run PLAN --discover`: every model the plan's endpoint serves that no candidate uses
 * yet becomes an offered candidate named after the model id (vLLM LoRA adapters, llama.cpp,
 * Ollama tags). The plan's judge model is never offered. With `yes` they are appended in place.
 */
export async function discoverCandidates(planPath: string, options: DiscoverOptions = {}): Promise<DiscoverResult> {
  const plan = readPlanForEdit(planPath);
  const list = options.listModels ?? listServedModels;
  const served = await list(plan.endpoint, options.env ?? process.env);
  const offered = newModels(plan.candidates, served, { judge: plan.judge?.model, match: options.match }).map(candidateForModel);
  const appended = options.yes && offered.length > 0 ? appendCandidates(planPath, offered) : { added: [], skipped: [] };
  return { plan: planPath, endpoint: plan.endpoint.base_url, served, offered, added: appended.added, skipped: appended.skipped };
}

/** Served ids that no candidate sends as its `model`, in the endpoint's order. */
export function newModels(candidates: readonly Candidate[], served: readonly string[], filter: { judge?: string | undefined; match?: RegExp | undefined } = {}): string[] {
  const known = new Set(candidates.map((c) => c.model));
  return [...new Set(served)].filter((id) => !known.has(id) && id !== filter.judge && (filter.match === undefined || filter.match.test(id)));
}

/** A candidate for a served model: named after the id (characters a name cannot hold become `-`). */
export function candidateForModel(id: string): Candidate {
  const name = id.replace(/[^A-Za-z0-9._@:+-]+/g, '-').replace(/^-+|-+$/g, '') || 'model';
  return { name, model: id };
}

/** `GET {base_url}/models` through the OpenAI SDK; every page. */
export const listServedModels: ListModels = async (endpoint, env) => {
  const sdk = new OpenAI({
    baseURL: endpoint.base_url,
    apiKey: resolveApiKey(endpoint, env) ?? NO_KEY_PLACEHOLDER,
    organization: null,
    project: null,
    maxRetries: 2,
    timeout: endpoint.timeout_ms ?? 30_000,
  });
  const ids: string[] = [];
  try {
    for await (const model of sdk.models.list()) {
      if (typeof model?.id !== 'string') throw new FaultError(`${endpoint.base_url}/models answered a list whose entries have no \`id\``);
      ids.push(model.id);
    }
  } catch (err) {
    if (err instanceof FaultError) throw err;
    const why = err instanceof OpenAI.APIError && err.status !== undefined ? `HTTP ${err.status}` : err instanceof Error ? err.message : String(err);
    throw new FaultError(`cannot list the models of ${endpoint.base_url} (GET /models): ${why}`, { cause: err });
  }
  return ids;
};

/** What `run --discover` prints. */
export function formatDiscovery(r: DiscoverResult): string {
  const lines = [`${r.endpoint} serves ${r.served.length} model(s); ${r.offered.length} not in the plan yet`];
  if (r.added.length > 0 || r.skipped.length > 0) {
    for (const c of r.added) lines.push(`  + ${c.name}${c.name === c.model ? '' : `  (model ${c.model})`}`);
    for (const s of r.skipped) lines.push(`  = ${s.name}: ${s.reason}`);
    lines.push(`appended ${r.added.length} candidate(s) to ${r.plan}`);
  } else {
    for (const c of r.offered) lines.push(`  ? ${c.name}${c.name === c.model ? '' : `  (model ${c.model})`}`);
    if (r.offered.length > 0) lines.push('run again with --yes to append them to the plan as candidates');
  }
  return lines.join('\n') + '\n';
}
