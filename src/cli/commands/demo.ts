import type { Argv, CommandModule } from 'yargs';
import { printJson, runCommand, workspaceFrom, type GlobalArgs } from '../context.js';

interface DemoArgs extends GlobalArgs {
  fresh?: boolean;
}

export const demoCommand: CommandModule<GlobalArgs, DemoArgs> = {
  command: 'demo',
  describe: 'the whole loop on the built-in simulated endpoint: no model, no key (results under experiment "demo")',
  builder: (y: Argv<GlobalArgs>) =>
    y
      .option('fresh', { type: 'boolean', describe: 'forget the stored demo results first (a rerun otherwise resumes: instant)' })
      .example('$0 demo', 'simulate a LoRA sweep, evaluate it on the full probe set, grade it')
      .example('$0 demo --fresh --quiet', 'start over; print only the verdict and the report path')
      .example('$0 demo && $0 metrics demo', 'then look at what it stored') as unknown as Argv<DemoArgs>,
  handler: (args) =>
    runCommand(async () => {
      const { runDemoInTerminal } = await import('../../demo-terminal.js');
      const result = await runDemoInTerminal(workspaceFrom(args), { fresh: args.fresh ?? false, quiet: args.quiet ?? false, json: args.json ?? false });
      if (args.json) printJson(result.demo);
      return result.exitCode;
    }),
};
