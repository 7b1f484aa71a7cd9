import type { Argv, CommandModule } from 'yargs';
import { printJson, runCommand, workspaceFrom, type GlobalArgs } from '../context.js';

interface GradeArgs extends GlobalArgs {
  experiment: string;
  grader?: string;
  force?: boolean;
}

export const gradeCommand: CommandModule<GlobalArgs, GradeArgs> = {
  command: 'grade <experiment>',
  describe: '(re)grade stored replies: only what a changed grader touched, unless --force',
  builder: (y: Argv<GlobalArgs>) =>
    y
      .positional('experiment', { type: 'string', demandOption: true, describe: "the plan's name" })
      .option('grader', { type: 'string', describe: 'only this grader (refusal, answer, style, judge.refusal, judge.factuality, judge.tone)' })
      .option('force', { type: 'boolean', describe: 'grade every reply again, even where the grade is current' })
      .example('$0 grade my-sweep', 'grade replies whose grade is missing or from an older grader version')
      .example('$0 grade my-sweep --grader refusal --force', 'regrade every reply with the refusal rules')
      .epilog('Judge graders run only when the plan has a `judge` endpoint; without one they are skipped.') as unknown as Argv<GradeArgs>,
  handler: (args) =>
    runCommand(async () => {
      const [{ openExistingStore }, { gradeExperiment }] = await Promise.all([
        import('../../store/open-existing.js'),
        import('../../graders/grade-experiment.js'),
      ]);
      const ws = workspaceFrom(args);
      const db = openExistingStore(ws.storePath);
      try {
        const summary = await gradeExperiment(db, ws, args.experiment, {
          ...(args.grader !== undefined ? { grader: args.grader } : {}),
          ...(args.force ? { force: true } : {}),
          log: (line) => process.stderr.write(`${line}\n`),
        });
        if (args.json) return printJson(summary);
        for (const g of summary.graders) {
          const judge = g.kind === 'judge' ? `, ${g.judgeCalls} judge call(s), ${g.cacheHits} from cache` : '';
          process.stdout.write(
            `${g.grader.padEnd(17)} ${g.version}  graded ${g.graded} (${g.scored} scored, ${g.notApplicable} n/a, ${g.errors} error)${judge}\n`,
          );
        }
      } finally {
        db.close();
      }
    }),
};
