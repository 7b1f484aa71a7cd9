import type { Argv, CommandModule } from 'yargs';
import { ExitCode, InputError, type InputProblem } from '../../errors.js';
import { printJson, runCommand, workspaceFrom, type GlobalArgs } from '../context.js';

interface VerdictArgs extends GlobalArgs {
  experiment: string;
  alpha?: number;
  junit?: string;
  markdown?: string;
}

export const verdictCommand: CommandModule<GlobalArgs, VerdictArgs> = {
  command: 'verdict <experiment>',
  describe: 'continue or stop: the six stop signals, the contract and what to do next',
  builder: (y: Argv<GlobalArgs>) =>
    y
      .positional('experiment', { type: 'string', demandOption: true, describe: "the plan's name" })
      .option('alpha', { type: 'number', describe: 'significance level of every test (default 0.05)' })
      .option('junit', { type: 'string', describe: 'also write JUnit XML: one test case per contract rule and per signal' })
      .option('markdown', { type: 'string', describe: 'also write a Markdown summary for a pull-request comment' })
      .example('$0 verdict my-sweep', 'verdict and action first, then each fired signal with its numbers')
      .example('$0 verdict my-sweep --json > verdict.json', 'the verdict JSON of DESIGN.md, for scripts')
      .example('$0 verdict my-sweep --junit verdict.xml --markdown verdict.md', 'CI test report and PR comment')
      .epilog('Exit codes: 0 continue, 3 stop, 2 bad input, 1 fault.') as unknown as Argv<VerdictArgs>,
  handler: (args) =>
    runCommand(async () => {
      const [{ openExistingStore }, { computeVerdict }, { renderVerdict }] = await Promise.all([
        import('../../store/open-existing.js'),
        import('../../verdict/compute.js'),
        import('../../verdict/text.js'),
      ]);
      const ws = workspaceFrom(args);
      const db = openExistingStore(ws.storePath);
      const warnings: InputProblem[] = [];
      try {
        const verdict = computeVerdict(db, ws, args.experiment, {
          onWarning: (w) => warnings.push(w),
          ...(args.alpha !== undefined ? { alpha: checkAlpha(args.alpha) } : {}),
        });
        if (args.junit !== undefined || args.markdown !== undefined) {
          const { writeVerdictOutputs } = await import('../../verdict/ci-outputs.js');
          writeVerdictOutputs(verdict, { junit: args.junit, markdown: args.markdown });
        }
        if (args.json) {
          const { formatProblem } = await import('../../errors.js');
          for (const w of warnings) process.stderr.write(`warning: ${formatProblem(w)}\n`);
          printJson(verdict);
        } else {
          process.stdout.write(renderVerdict(verdict, warnings));
        }
        return verdict.verdict === 'stop' ? ExitCode.stop : ExitCode.ok;
      } finally {
        db.close();
      }
    }),
};

export function checkAlpha(alpha: number): number {
  if (!(alpha > 0 && alpha < 0.5)) throw new InputError(`--alpha must be between 0 and 0.5, got ${alpha}`);
  return alpha;
}
