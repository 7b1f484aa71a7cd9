import type { Argv, CommandModule } from 'yargs';
import { ExitCode } from '../../errors.js';
import { printJson, runCommand, workspaceFrom, type GlobalArgs } from '../context.js';
import { checkAlpha } from './verdict.js';

interface GateArgs extends GlobalArgs {
  experiment: string;
  candidate?: string;
  alpha?: number;
  junit?: string;
  markdown?: string;
}

export const gateCommand: CommandModule<GlobalArgs, GateArgs> = {
  command: 'gate <experiment>',
  describe: 'contract check for CI: exit 1 when the latest candidate breaks the stop contract',
  builder: (y: Argv<GlobalArgs>) =>
    y
      .positional('experiment', { type: 'string', demandOption: true, describe: "the plan's name" })
      .option('candidate', { type: 'string', describe: 'the candidate to check (default: the latest tried)' })
      .option('alpha', { type: 'number', describe: 'significance level of the paired tests (default 0.05)' })
      .option('junit', { type: 'string', describe: 'also write JUnit XML: one test case per contract rule' })
      .option('markdown', { type: 'string', describe: 'also write a Markdown summary for a pull-request comment' })
      .example('$0 gate my-sweep', 'fails the CI job when the newest candidate breaks must_improve / must_not_regress')
      .example('$0 gate my-sweep --candidate ckpt-300 --json', 'one candidate, machine-readable')
      .example('$0 gate my-sweep --junit gate.xml --markdown gate.md', 'CI test report and PR comment, written even when the gate fails')
      .epilog('Exit codes: 0 contract kept, 1 contract broken, 2 bad input.') as unknown as Argv<GateArgs>,
  handler: (args) =>
    runCommand(async () => {
      const [{ openExistingStore }, { computeGate }, { renderGate }] = await Promise.all([
        import('../../store/open-existing.js'),
        import('../../verdict/gate.js'),
        import('../../verdict/text.js'),
      ]);
      const ws = workspaceFrom(args);
      const db = openExistingStore(ws.storePath);
      try {
        const gate = computeGate(db, ws, args.experiment, {
          ...(args.candidate !== undefined ? { candidate: args.candidate } : {}),
          ...(args.alpha !== undefined ? { alpha: checkAlpha(args.alpha) } : {}),
          onWarning: (w) => process.stderr.write(`warning: ${w.location ? `${w.location.file}: ` : ''}${w.message}\n`),
        });
        if (args.junit !== undefined || args.markdown !== undefined) {
          const { writeGateOutputs } = await import('../../verdict/ci-outputs.js');
          writeGateOutputs(gate, { junit: args.junit, markdown: args.markdown });
        }
        if (args.json) printJson(gate);
        else process.stdout.write(renderGate(gate));
        return gate.ok ? ExitCode.ok : ExitCode.fault;
      } finally {
        db.close();
      }
    }),
};
