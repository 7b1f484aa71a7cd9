import { existsSync } from 'node:fs';
import type { Argv, CommandModule } from 'yargs';
import { InputError } from '../../errors.js';
import { printJson, runCommand, workspaceFrom, type GlobalArgs } from '../context.js';

interface ReportArgs extends GlobalArgs {
  experiment: string;
  out?: string;
}

export const reportCommand: CommandModule<GlobalArgs, ReportArgs> = {
  command: 'report <experiment>',
  describe: 'one self-contained HTML file: verdict, configurations side by side, charts, probe explorer',
  builder: (y: Argv<GlobalArgs>) =>
    y
      .positional('experiment', { type: 'string', demandOption: true, describe: "the plan's name" })
      .option('out', { alias: 'o', type: 'string', describe: 'where to write (default runs/reports/EXPERIMENT.html)' })
      .example('$0 report my-sweep', 'writes runs/reports/my-sweep.html')
      .example('$0 report my-sweep -o report.html', 'writes report.html; open it from disk, it loads nothing from the network')
      .example('$0 report my-sweep --json', '{"path": ..., "bytes": ...}') as unknown as Argv<ReportArgs>,
  handler: (args) =>
    runCommand(async () => {
      const [{ openDb }, { writeReport }, { formatProblem }] = await Promise.all([
        import('../../store/db.js'),
        import('../../report/index.js'),
        import('../../errors.js'),
      ]);
      const ws = workspaceFrom(args);
      if (!existsSync(ws.storePath)) {
        throw new InputError(`no store at ${ws.storePath}: run a plan first (stoppoint run PLAN, or stoppoint demo)`);
      }
      const db = openDb(ws.storePath);
      try {
        const written = writeReport(db, ws, args.experiment, args.out, {
          onWarning: (w) => process.stderr.write(`warning: ${formatProblem(w)}\n`),
        });
        if (args.json) printJson(written);
        else if (!args.quiet) process.stdout.write(`report: ${written.path} (${(written.bytes / 1024).toFixed(0)} KiB)\n`);
        else process.stdout.write(`${written.path}\n`);
      } finally {
        db.close();
      }
    }),
};
