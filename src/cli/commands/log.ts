import type { Argv, CommandModule } from 'yargs';
import { printJson, runCommand, workspaceFrom, type GlobalArgs } from '../context.js';

interface ImportArgs extends GlobalArgs {
  candidate: string;
  file: string;
  experiment?: string;
  format?: 'hf-trainer-state' | 'llamafactory-jsonl' | 'csv';
}

const importCommand: CommandModule<GlobalArgs, ImportArgs> = {
  command: 'import <candidate> <file>',
  describe: "store a candidate's training log (HF trainer_state.json, LLaMA-Factory trainer_log.jsonl, CSV step,loss[,eval_loss])",
  builder: (y: Argv<GlobalArgs>) =>
    y
      .positional('candidate', { type: 'string', demandOption: true, describe: 'candidate name from a plan already run' })
      .positional('file', { type: 'string', demandOption: true, describe: 'the training log (relative to the current directory)' })
      .option('experiment', { type: 'string', describe: 'the experiment, when the candidate name is in several' })
      .option('format', {
        choices: ['hf-trainer-state', 'llamafactory-jsonl', 'csv'] as const,
        describe: 'log format (default: detected from the content)',
      })
      .example('$0 log import ckpt-300 out/checkpoint-300/trainer_state.json', 'Hugging Face Trainer state')
      .example('$0 log import lr1e-4-r8-s1 saves/lora/trainer_log.jsonl --experiment sweep', 'LLaMA-Factory log, experiment named')
      .example('$0 log import ckpt-300 loss.csv --json', 'machine-readable summary of what was stored') as unknown as Argv<ImportArgs>,
  handler: (args) =>
    runCommand(async () => {
      const [{ openExistingStore }, { importTrainLog }] = await Promise.all([
        import('../../store/open-existing.js'),
        import('../../trainlog/import.js'),
      ]);
      const ws = workspaceFrom(args);
      const db = openExistingStore(ws.storePath);
      try {
        const result = importTrainLog(db, {
          candidate: args.candidate,
          file: args.file,
          baseDir: process.cwd(), // a path typed in a shell is relative to where it was typed
          ...(args.experiment !== undefined ? { experiment: args.experiment } : {}),
          ...(args.format !== undefined ? { format: args.format } : {}),
        });
        if (args.json) return printJson(result);
        const { formatProblem } = await import('../../errors.js');
        for (const w of result.warnings) process.stderr.write(`warning: ${formatProblem(w)}\n`);
        const series = Object.entries(result.series).map(([k, n]) => `${k} ${n}`).join(', ');
        process.stdout.write(
          `${result.experiment}/${result.candidate}: ${result.points} points (${series}) up to step ${result.lastStep ?? '-'} from ${result.format}\n`,
        );
      } finally {
        db.close();
      }
    }),
};

export const logCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'log <command>',
  describe: 'training logs: import loss curves for candidates',
  builder: (y) =>
    y
      .command(importCommand)
      .demandCommand(1, 'Name a log command; `stoppoint log --help` lists them.')
      .example('$0 log import ckpt-300 trainer_state.json', "store a checkpoint's training log"),
  handler: () => undefined,
};
