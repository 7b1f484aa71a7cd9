import { statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { InputError, type InputProblem } from '../errors.js';
import { Candidate } from '../plan/schema.js';
import { displayPath } from '../probes/source-text.js';
import type { Db } from '../store/db.js';
import {
  experimentCandidates,
  findCandidatesNamed,
  saveTrainLog,
  trainLogRecord,
  type CandidateRef,
} from '../store/trainlog.js';
import type { Workspace } from '../workspace.js';
import { readTrainLog } from './read.js';
import type { ParsedTrainLog, TrainLogFormat } from './types.js';

export interface TrainLogImport {
  experiment: string;
  candidate: string;
  /** Absolute path of the imported file. */
  file: string;
  format: TrainLogFormat;
  points: number;
  /** Number of points per series (loss, eval_loss, …). */
  series: Record<string, number>;
  lastStep: number | null;
  /** The candidate's checkpoint step from the plan, if it has one. */
  candidateStep: number | null;
  warnings: InputProblem[];
}

export interface ImportTrainLogRequest {
  candidate: string;
  /** Path as the user gave it; relative paths resolve against `baseDir`. */
  file: string;
  baseDir: string;
  experiment?: string;
  format?: TrainLogFormat;
  now?: Date;
}

/** `stoppoint log import CANDIDATE FILE`: parse the log and store its points for the candidate. */
export function importTrainLog(db: Db, req: ImportTrainLogRequest): TrainLogImport {
  const target = resolveCandidate(db, req.candidate, req.experiment);
  const abs = isAbsolute(req.file) ? req.file : resolve(req.baseDir, req.file);
  const parsed = readTrainLog(abs, req.format);
  return store(db, target, abs, parsed, req.now ?? new Date());
}

/**
 * Imports the `train_log` of every candidate of an experiment whose log is not in the store yet, or
 * whose file changed since it was imported (training went on). Relative paths resolve against the
 * workspace root (plans loaded by loadPlan carry absolute paths already). A log already imported
 * whose file is gone is kept as stored. A log that cannot be read throws — or, when `onProblem` is
 * given, is reported there and the other candidates' logs are still imported.
 */
export function importPlanTrainLogs(
  db: Db,
  ws: Workspace,
  experiment: string,
  now: Date = new Date(),
  onProblem?: (problem: InputProblem) => void,
): TrainLogImport[] {
  const done: TrainLogImport[] = [];
  const parsedByPath = new Map<string, ParsedTrainLog>(); // checkpoints of one run often share one log
  for (const ref of experimentCandidates(db, experiment)) {
    try {
      const spec = candidateSpec(ref);
      if (spec.train_log === undefined) continue;
      const abs = isAbsolute(spec.train_log) ? spec.train_log : resolve(ws.root, spec.train_log);
      const record = trainLogRecord(db, ref.candidateId);
      const mtime = modifiedAt(abs);
      if (mtime === null) {
        if (record) continue;
        throw new InputError(`train_log of candidate ${ref.candidate} not found: ${abs}`);
      }
      if (record && record.sourcePath === abs && mtime <= Date.parse(record.importedAt)) continue;
      let parsed = parsedByPath.get(abs);
      if (!parsed) {
        parsed = readTrainLog(abs);
        parsedByPath.set(abs, parsed);
      }
      done.push(store(db, ref, abs, parsed, now));
    } catch (err) {
      if (!(err instanceof InputError) || !onProblem) throw err;
      for (const p of err.problems) onProblem({ ...p, message: `train_log of ${ref.candidate}: ${p.message}` });
    }
  }
  return done;
}

function store(db: Db, ref: CandidateRef, abs: string, parsed: ParsedTrainLog, now: Date): TrainLogImport {
  if (parsed.points.length === 0) {
    throw new InputError('no loss, eval_loss, grad_norm or learning_rate values in this training log', { file: parsed.file });
  }
  const step = candidateSpec(ref).step ?? null;
  const warnings = [...parsed.warnings];
  if (step !== null && (parsed.lastStep === null || parsed.lastStep < step)) {
    warnings.push({
      location: { file: parsed.file },
      message: `the log reaches step ${parsed.lastStep ?? 'none'} but ${ref.candidate} is the checkpoint at step ${step}: the training after step ${parsed.lastStep ?? 0} is not in it`,
    });
  }
  saveTrainLog(db, ref.candidateId, { sourcePath: abs, format: parsed.format, importedAt: now.toISOString() }, parsed.points);
  const counts = new Map<string, number>();
  for (const p of parsed.points) counts.set(p.name, (counts.get(p.name) ?? 0) + 1);
  // Stable, readable order: loss, evaluation losses, then the optimiser's series.
  const rank = (n: string): number => (n === 'loss' ? 0 : n.startsWith('eval_') ? 1 : 2);
  const series = Object.fromEntries([...counts].sort(([a], [b]) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0)));
  return {
    experiment: ref.experiment,
    candidate: ref.candidate,
    file: abs,
    format: parsed.format,
    points: parsed.points.length,
    series,
    lastStep: parsed.lastStep,
    candidateStep: step,
    warnings,
  };
}

function resolveCandidate(db: Db, name: string, experiment: string | undefined): CandidateRef {
  const all = findCandidatesNamed(db, name);
  const matches = experiment === undefined ? all : all.filter((c) => c.experiment === experiment);
  if (matches.length === 1) return matches[0]!;
  if (matches.length === 0) {
    const where = experiment === undefined ? 'in any experiment' : `in experiment ${experiment}`;
    const elsewhere = experiment !== undefined && all.length ? ` (it is in: ${all.map((c) => c.experiment).join(', ')})` : '';
    throw new InputError(`no candidate named ${name} ${where}${elsewhere}; run its plan first (stoppoint run PLAN)`);
  }
  throw new InputError(
    `candidate ${name} is in several experiments (${matches.map((c) => c.experiment).join(', ')}); name one with --experiment`,
  );
}

function candidateSpec(ref: CandidateRef): Candidate {
  const parsed = Candidate.safeParse(JSON.parse(ref.specJson));
  if (!parsed.success) {
    throw new InputError(`stored candidate ${ref.candidate} of ${ref.experiment} does not match the plan schema; run its plan again`);
  }
  return parsed.data;
}

function modifiedAt(path: string): number | null {
  try {
    return statSync(path).mtimeMs;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new InputError(`cannot read training log: ${(err as Error).message}`, { file: displayPath(path) });
  }
}
