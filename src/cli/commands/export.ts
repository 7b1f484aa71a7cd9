import type { Argv, CommandModule } from 'yargs';
import { runCommand, workspaceFrom, type GlobalArgs } from '../context.js';

interface ExportArgs extends GlobalArgs {
  experiment: string;
  format: 'jsonl' | 'csv';
  output?: string;
  candidate?: string[];
  probe?: string[];
}

export const exportCommand: CommandModule<GlobalArgs, ExportArgs> = {
  command: 'export <experiment>',
  describe: 'write every stored reply and its grades, one line per candidate × probe × sample',
  builder: (y: Argv<GlobalArgs>) =>
    y
      .positional('experiment', { type: 'string', demandOption: true, describe: 'experiment name (the plan\'s `name`)' })
      .option('format', { choices: ['jsonl', 'csv'] as const, default: 'jsonl' as const, describe: 'JSON Lines or CSV (RFC 4180)' })
      .option('output', { alias: 'o', type: 'string', describe: 'file to write (default: standard output)' })
      .option('candidate', { type: 'string', array: true, describe: 'only this candidate (repeatable)' })
      .option('probe', { type: 'string', array: true, describe: 'only this probe id (repeatable)' })
      .example('$0 export my-sweep > replies.jsonl', 'JSON Lines on stdout')
      .example('$0 export my-sweep --format csv -o replies.csv', 'CSV with one label/score/status column per grader')
      .example('$0 export my-sweep --candidate lr1e-4-r8-s1 --probe fact-0044', 'the replies the report could not embed')
      .epilog(
        'CSV is safe to open in a spreadsheet: a text cell starting with =, +, -, @, tab or CR (a formula to Excel, ' +
          "LibreOffice or Sheets) gets a leading ' so it shows as text (OWASP CSV-injection guidance). " +
          'JSONL keeps every text exactly as stored.',
      ) as unknown as Argv<ExportArgs>,
  handler: (args) =>
    runCommand(async () => {
      const { exportToPath } = await import('../../export.js');
      const only = { ...(args.candidate ? { candidates: args.candidate } : {}), ...(args.probe ? { probes: args.probe } : {}) };
      const n = await exportToPath(workspaceFrom(args), args.experiment, args.format, args.output, only);
      if (args.output && !args.quiet) process.stderr.write(`${n} rows -> ${args.output}\n`);
    }),
};
