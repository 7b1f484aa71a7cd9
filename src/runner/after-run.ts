import { formatProblem } from '../errors.js';
import { gradeExperiment, type GradeSummary } from '../graders/grade-experiment.js';
import type { Db } from '../store/db.js';
import { importPlanTrainLogs } from '../trainlog/import.js';
import type { Workspace } from '../workspace.js';

export interface AfterRun {
  grading: GradeSummary | null;
  /** Candidates whose train_log was (re)imported. */
  trainLogs: string[];
  /** Things a person should read: skipped judge, a train_log that could not be read. */
  notes: string[];
}

/**
 * What follows the replies of a run: import the plan's training logs and grade the new replies.
 * A broken train_log does not undo a run whose replies are stored: it becomes a note naming the
 * problem (and `stoppoint log import` can fix it later). Grading errors are faults and propagate.
 */
export async function afterRun(db: Db, ws: Workspace, experiment: string, judgeEnv: NodeJS.ProcessEnv): Promise<AfterRun> {
  const notes: string[] = [];
  const imported = importPlanTrainLogs(db, ws, experiment, new Date(), (p) => notes.push(`train_log not imported: ${formatProblem(p)}`));
  const trainLogs = imported.map((i) => i.candidate);
  for (const i of imported) for (const w of i.warnings) notes.push(`train_log of ${i.candidate}: ${w.message}`);
  const grading = await gradeExperiment(db, ws, experiment, { judge: { env: judgeEnv }, log: (line) => notes.push(line) });
  return { grading, trainLogs, notes };
}
