import { FaultError } from '../errors.js';
import type { Db } from '../store/db.js';
import { missingWork } from '../store/responses.js';
import type { ChatMessage } from '../probes/schema.js';
import type { ChatClient } from './client.js';
import type { RateGate } from './limiter.js';

/** One pinned probe-set version a candidate is evaluated on, in this invocation. */
export interface SetJob {
  setVersionId: number;
  runId: number;
  /** Messages to send, by probe id (the loaded records of this exact version). */
  messages: ReadonlyMap<string, ChatMessage[]>;
  /** Probe ids of a --limit/--sample subset; null for the full set. */
  only: ReadonlySet<string> | null;
  /** Probe-samples this set must cover (of the subset, if any). */
  expected: number;
}

/** Everything needed to evaluate one candidate. */
export interface CandidateJob {
  name: string;
  candidateId: number;
  model: string;
  client: ChatClient;
  gate: RateGate;
  sets: SetJob[];
}

export interface WorkItem {
  job: CandidateJob;
  set: SetJob;
  probeRow: number;
  probeId: string;
  sample: number;
  messages: ChatMessage[];
}

export interface WorkHooks {
  /** Called when the stream moves into a candidate, before its first item. */
  enter(job: CandidateJob): void;
  /** Called when the stream has yielded the last item of a candidate. */
  leave(job: CandidateJob): void;
}

/**
 * Streams every missing (candidate, set version, probe, sample), candidate after candidate, reading
 * the store page by page: nothing proportional to the whole run is ever held in memory.
 */
export function* workStream(db: Db, jobs: readonly CandidateJob[], repeats: number, hooks: WorkHooks): Generator<WorkItem> {
  for (const job of jobs) {
    hooks.enter(job);
    for (const set of job.sets) {
      for (const m of missingWork(db, job.candidateId, set.setVersionId, repeats)) {
        if (set.only && !set.only.has(m.probeId)) continue;
        const messages = set.messages.get(m.probeId);
        if (!messages) {
          // One content hash means one set of probes; a mismatch means the store was edited by hand.
          throw new FaultError(`stored snapshot of set version ${set.setVersionId} has probe "${m.probeId}" that the loaded files lack`);
        }
        yield { job, set, probeRow: m.probeRow, probeId: m.probeId, sample: m.sample, messages };
      }
    }
    hooks.leave(job);
  }
}
