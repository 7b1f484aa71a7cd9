import type { Argv, CommandModule } from 'yargs';
import { printJson, runCommand, workspaceFrom, type GlobalArgs } from '../context.js';

interface RunArgs extends GlobalArgs {
  plan: string;
  candidate?: string[];
  concurrency?: number;
  rps?: number;
  timeout?: number;
  maxAttempts?: number;
  dryRun?: boolean;
  limit?: number;
  sample?: number;
  seed?: number;
  discover?: boolean;
  yes?: boolean;
}

export const runCommandModule: CommandModule<GlobalArgs, RunArgs> = {
  command: 'run <plan>',
  describe: 'evaluate every candidate of a plan on the full probe sets (resumes where it stopped)',
  builder: (y: Argv<GlobalArgs>) =>
    y
      .positional('plan', { type: 'string', demandOption: true, describe: 'the experiment plan (runs/NAME.yaml)' })
      .option('candidate', { type: 'string', array: true, describe: 'evaluate only these candidates (repeatable)' })
      .option('concurrency', { type: 'number', describe: 'requests in flight (default: the plan\'s `concurrency`)' })
      .option('rps', { type: 'number', describe: 'cap on requests per second per endpoint' })
      .option('timeout', { type: 'number', describe: 'per-request timeout in ms, body included (default 60000)' })
      .option('max-attempts', { type: 'number', describe: 'attempts per probe-sample before its error is recorded (default 6)' })
      .option('dry-run', { type: 'boolean', describe: 'print what would be sent (requests, tokens, cost) and send nothing' })
      .option('limit', { type: 'number', describe: 'smoke test: only the first N probes (recorded; the run is partial)' })
      .option('sample', { type: 'number', describe: 'smoke test: a random FRACTION of the probes (recorded; partial)' })
      .option('seed', { type: 'number', describe: 'seed for --sample' })
      .option('discover', { type: 'boolean', describe: 'list served models (GET /v1/models) that are not candidates yet; stops there unless --yes' })
      .option('yes', { type: 'boolean', describe: 'with --discover: append them to the plan (in place), then run' })
      .example('$0 run runs/my-sweep.yaml', 'every candidate, every probe × repeat; run again to resume')
      .example('$0 run runs/my-sweep.yaml --dry-run', 'requests, estimated tokens and cost per candidate')
      .example('$0 run runs/my-sweep.yaml --candidate lr1e-4-r8-s1 --concurrency 32', 'one candidate, 32 in flight')
      .example('$0 run runs/my-sweep.yaml --limit 20 --quiet', 'smoke test on 20 probes (marked partial)')
      .example('$0 run runs/my-sweep.yaml --discover --yes', 'add every model the endpoint serves (vLLM LoRA adapters…) as a candidate, then run')
      .epilog('Exit codes: 0 complete, 4 coverage below 100% (failures listed by probe id), 130 interrupted, 2 bad input, 1 fault.') as unknown as Argv<RunArgs>,
  handler: (args) =>
    runCommand(async () => {
      const [{ loadPlan }, { parseSubset }] = await Promise.all([import('../../plan/load.js'), import('../../runner/subset.js')]);
      const ws = workspaceFrom(args);
      if (args.discover) {
        const { discoverCandidates, formatDiscovery } = await import('../../runner/discover.js');
        const found = await discoverCandidates(args.plan, { yes: args.yes ?? false });
        if (!args.yes) {
          if (args.json) printJson(found);
          else process.stdout.write(formatDiscovery(found));
          return 0;
        }
        process.stderr.write(formatDiscovery(found));
      }
      const subset = parseSubset(args.limit, args.sample, args.seed);
      const loaded = loadPlan(args.plan, ws);
      if (args.dryRun) {
        const [{ dryRun, formatDryRun }, { withExistingStore }] = await Promise.all([
          import('../../runner/dry-run.js'),
          import('../../store/readonly.js'),
        ]);
        const report = withExistingStore(ws.storePath, (db) => dryRun(loaded, db, args.candidate, subset));
        if (args.json) printJson(report);
        else process.stdout.write(formatDryRun(report) + '\n');
        return 0;
      }
      const { runWithTerminal } = await import('../../runner/terminal.js');
      return runWithTerminal(ws, loaded, {
        selection: { candidates: args.candidate, subset },
        tuning: {
          concurrency: args.concurrency, rps: args.rps, timeoutMs: args.timeout,
          ...(args.maxAttempts !== undefined ? { retry: { maxAttempts: args.maxAttempts } } : {}),
        },
        json: args.json ?? false,
        quiet: args.quiet ?? false,
      });
    }),
};
