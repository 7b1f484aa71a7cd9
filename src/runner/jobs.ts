import { InputError } from '../errors.js';
import type { LoadedPlan } from '../plan/load.js';
import type { Candidate, Endpoint, Plan } from '../plan/schema.js';
import { probeMessages, type ChatMessage } from '../probes/schema.js';
import type { Db } from '../store/db.js';
import { createRun, type StoredCandidate } from '../store/experiments.js';
import { saveProbeSetSnapshot } from '../store/probesets.js';
import { isSimEndpoint } from '../sim/in-process.js';
import { openChatClient, type ChatClient } from './client.js';
import { createRateGate, unlimited, type RateGate } from './limiter.js';
import { selectProbeIds, subsetLabel, type Subset } from './subset.js';
import type { CandidateJob, SetJob } from './work.js';

export const DEFAULT_TIMEOUT_MS = 60_000;

/** The plan's candidates narrowed to `--candidate` names (plan order kept); unknown names are input errors. */
export function selectCandidates(plan: Plan, names: readonly string[] | undefined): Candidate[] {
  if (!names || names.length === 0) return plan.candidates;
  const known = new Set(plan.candidates.map((c) => c.name));
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length) {
    throw new InputError(`unknown candidate ${unknown.map((n) => `"${n}"`).join(', ')}; the plan has: ${[...known].join(', ')}`);
  }
  const wanted = new Set(names);
  return plan.candidates.filter((c) => wanted.has(c.name));
}

/** Makes the client for one endpoint; the default is the openai SDK (client.ts). */
export type OpenClient = (endpoint: Endpoint, env: NodeJS.ProcessEnv, timeoutMs: number) => ChatClient;

/**
 * The openai SDK, for endpoints on the network. A `sim://` endpoint names the simulator a demo ran
 * for itself (stored in place of its dead loopback URL): there is nothing there to send to.
 */
const openNetworkClient: OpenClient = (endpoint, env, timeoutMs) => {
  if (isSimEndpoint(endpoint.base_url)) {
    throw new InputError(
      `endpoint ${endpoint.base_url} is the simulator \`stoppoint demo\` runs for itself; ` +
        'to evaluate against the simulator, start `stoppoint sim` and use the URL it prints as base_url',
    );
  }
  return openChatClient(endpoint, env, timeoutMs);
};

export interface Connection {
  endpoint: Endpoint;
  client: ChatClient;
  gate: RateGate;
}

/**
 * One client and one rate gate per distinct endpoint. Opening them first means a missing API key
 * is reported before anything is written.
 */
export function connect(
  plan: Plan,
  candidates: readonly Candidate[],
  env: NodeJS.ProcessEnv,
  overrides: { rps?: number; timeoutMs?: number },
  open: OpenClient = openNetworkClient,
): Map<string, Connection> {
  const byCandidate = new Map<string, Connection>();
  const shared = new Map<string, Connection>();
  for (const c of candidates) {
    const endpoint = c.endpoint ?? plan.endpoint;
    const key = JSON.stringify([endpoint.base_url, endpoint.api_key_env ?? null]);
    let conn = shared.get(key);
    if (!conn) {
      const rps = overrides.rps ?? endpoint.max_rps;
      const timeoutMs = overrides.timeoutMs ?? endpoint.timeout_ms ?? DEFAULT_TIMEOUT_MS;
      conn = { endpoint, client: open(endpoint, env, timeoutMs), gate: rps ? createRateGate(rps) : unlimited };
      shared.set(key, conn);
    }
    byCandidate.set(c.name, conn);
  }
  return byCandidate;
}

/** Stores a snapshot of every pinned probe-set version (before anything is sent); returns their ids. */
export function snapshotSets(db: Db, loaded: LoadedPlan, now: Date): number[] {
  return loaded.probeSets.map((set) => saveProbeSetSnapshot(db, set, now));
}

export interface JobContext {
  db: Db;
  loaded: LoadedPlan;
  setVersionIds: readonly number[];
  subset: Subset | null;
  now: Date;
}

/** Builds each candidate's job and opens a `runs` row per (candidate, set version). */
export function buildJobs(
  ctx: JobContext,
  candidates: readonly Candidate[],
  stored: ReadonlyMap<string, StoredCandidate>,
  connections: ReadonlyMap<string, Connection>,
): CandidateJob[] {
  const { plan } = ctx.loaded;
  const sets = ctx.loaded.probeSets.map((set, i) => {
    const messages = new Map<string, ChatMessage[]>(set.records.map((r) => [r.id, probeMessages(r)]));
    const only = ctx.subset ? selectProbeIds(set.records.map((r) => r.id), ctx.subset) : null;
    return { setVersionId: ctx.setVersionIds[i]!, messages, only, expected: (only ? only.size : set.records.length) * plan.repeats };
  });
  const samplingJson = JSON.stringify(plan.sampling);
  return candidates.map((c) => {
    const conn = connections.get(c.name)!;
    const candidateId = stored.get(c.name)!.id;
    const setJobs: SetJob[] = sets.map((s) => ({
      ...s,
      runId: createRun(ctx.db, {
        candidateId,
        setVersionId: s.setVersionId,
        repeats: plan.repeats,
        expected: s.expected,
        subset: ctx.subset ? subsetLabel(ctx.subset) : null,
        samplingJson,
        endpointUrl: conn.endpoint.base_url,
        startedAt: ctx.now,
      }),
    }));
    return { name: c.name, candidateId, model: c.model, client: conn.client, gate: conn.gate, sets: setJobs };
  });
}
