import type { Argv, CommandModule } from 'yargs';
import { InputError } from '../../errors.js';
import { runCommand, workspaceFrom, type GlobalArgs } from '../context.js';

interface WatchArgs extends GlobalArgs {
  plan: string;
  interval: string;
  outputDir?: string;
  config?: string;
  namePrefix?: string;
  modelTemplate?: string;
  discover?: boolean;
  match?: string;
  onStop?: string;
  maxPolls?: number;
}

export const watchCommand: CommandModule<GlobalArgs, WatchArgs> = {
  command: 'watch <plan>',
  describe: 'judge a training run while it runs: add new checkpoints, evaluate them, recompute the verdict',
  builder: (y: Argv<GlobalArgs>) =>
    y
      .positional('plan', { type: 'string', demandOption: true, describe: 'the experiment plan (edited in place as candidates appear)' })
      .option('interval', { type: 'string', default: '60s', describe: 'time between polls: 30s, 5m, 1h' })
      .option('output-dir', { type: 'string', describe: 'training output folder to poll for new checkpoint-N/ folders' })
      .option('config', { type: 'string', describe: 'with --output-dir: the LLaMA-Factory training YAML (params)' })
      .option('name-prefix', { type: 'string', describe: 'with --output-dir: candidate name prefix (default "<run>-")' })
      .option('model-template', { type: 'string', describe: 'with --output-dir: served model name, {checkpoint} {run} {step} {prefix}' })
      .option('discover', { type: 'boolean', describe: 'add every model the endpoint serves that is not a candidate (default: on without --output-dir)' })
      .option('match', { type: 'string', describe: 'with --discover: only model ids matching this regular expression' })
      .option('on-stop', { type: 'string', describe: 'shell command run once when the verdict is stop (never again after a restart)' })
      .option('max-polls', { type: 'number', describe: 'stop after N polls (exit 3 if the last verdict was stop)' })
      .example('$0 watch runs/sweep.yaml --output-dir saves/qwen3-4b/lora/sft --config qwen3_lora_sft.yaml', 'each new checkpoint is added, evaluated and judged')
      .example('$0 watch runs/sweep.yaml --interval 5m --match "^checkpoint-"', 'poll the endpoint (vLLM adapters loaded at runtime)')
      .example("$0 watch runs/sweep.yaml --output-dir out/r8 --on-stop 'touch out/r8/STOP'", 'tell the training job to stop when the verdict does')
      .example('$0 watch runs/sweep.yaml --max-polls 1 --json', 'one poll, events as JSON lines (cron, CI)') as unknown as Argv<WatchArgs>,
  handler: (args) =>
    runCommand(async () => {
      const [{ parseInterval }, { watchInTerminal }] = await Promise.all([import('../../watch.js'), import('../../watch-run.js')]);
      if (args.maxPolls !== undefined && !(Number.isInteger(args.maxPolls) && args.maxPolls >= 1)) {
        throw new InputError(`--max-polls must be a whole number ≥ 1 (got ${args.maxPolls})`);
      }
      return watchInTerminal(
        args.plan,
        workspaceFrom(args),
        {
          intervalMs: parseInterval(args.interval),
          ...(args.maxPolls !== undefined ? { maxPolls: args.maxPolls } : {}),
          ...(args.outputDir !== undefined ? { outputDir: args.outputDir } : {}),
          addRun: {
            ...(args.config !== undefined ? { config: args.config } : {}),
            ...(args.namePrefix !== undefined ? { namePrefix: args.namePrefix } : {}),
            ...(args.modelTemplate !== undefined ? { modelTemplate: args.modelTemplate } : {}),
          },
          discover: args.discover ?? args.outputDir === undefined,
          ...(args.match !== undefined ? { match: regexOf(args.match) } : {}),
          ...(args.onStop !== undefined ? { onStop: args.onStop } : {}),
        },
        { json: args.json ?? false },
      );
    }),
};

function regexOf(source: string): RegExp {
  try {
    return new RegExp(source);
  } catch (err) {
    throw new InputError(`--match: not a regular expression: ${(err as Error).message}`);
  }
}
