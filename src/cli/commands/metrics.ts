import type { Argv, CommandModule } from 'yargs';
import { printJson, runCommand, workspaceFrom, type GlobalArgs } from '../context.js';

interface MetricsArgs extends GlobalArgs {
  experiment: string;
  vs?: string[];
  by?: 'category' | 'tag' | 'lang';
  disagreements?: number;
}

export const metricsCommand: CommandModule<GlobalArgs, MetricsArgs> = {
  command: 'metrics <experiment>',
  describe: 'every metric per candidate with its 95% interval, n and coverage; judge agreement; resolution',
  builder: (y: Argv<GlobalArgs>) =>
    y
      .positional('experiment', { type: 'string', demandOption: true, describe: "the plan's name" })
      .option('vs', { type: 'string', array: true, nargs: 2, describe: 'paired comparison of B against A on every metric: --vs A B' })
      .option('by', { choices: ['category', 'tag', 'lang'] as const, describe: 'also show each candidate sliced by category, tag or language' })
      .option('disagreements', { type: 'number', describe: 'list up to N replies where a rule grader and the judge disagree' })
      .example('$0 metrics my-sweep', 'a table per candidate')
      .example('$0 metrics my-sweep --vs base lr1e-4-r8-s1', 'paired differences with McNemar / bootstrap p-values')
      .example('$0 metrics my-sweep --by lang --json', 'slices by language, as JSON') as unknown as Argv<MetricsArgs>,
  handler: (args) =>
    runCommand(async () => {
      const [{ openExistingStore }, { metricsView }, { renderMetrics }, { InputError }] = await Promise.all([
        import('../../store/open-existing.js'),
        import('../../metrics/view.js'),
        import('../../metrics/text.js'),
        import('../../errors.js'),
      ]);
      if (args.vs !== undefined && args.vs.length !== 2) throw new InputError('--vs takes two candidate names: --vs A B');
      const ws = workspaceFrom(args);
      const db = openExistingStore(ws.storePath);
      try {
        const view = metricsView(db, ws, args.experiment, {
          ...(args.vs ? { vs: [args.vs[0]!, args.vs[1]!] as [string, string] } : {}),
          ...(args.by ? { by: args.by } : {}),
          ...(args.disagreements !== undefined ? { disagreements: args.disagreements } : {}),
        });
        if (args.json) printJson(view);
        else process.stdout.write(renderMetrics(view));
      } finally {
        db.close();
      }
    }),
};
