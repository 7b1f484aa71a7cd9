import type { Argv, CommandModule } from 'yargs';
import { printJson, runCommand, workspaceFrom, type GlobalArgs } from '../context.js';

interface AddRunArgs extends GlobalArgs {
  plan: string;
  outputDir: string;
  config?: string;
  namePrefix?: string;
  modelTemplate?: string;
}

const addRunCommand: CommandModule<GlobalArgs, AddRunArgs> = {
  command: 'add-run <plan> <output-dir>',
  describe: 'append one candidate per checkpoint-N/ of a training output folder to a plan (in place)',
  builder: (y: Argv<GlobalArgs>) =>
    y
      .positional('plan', { type: 'string', demandOption: true, describe: 'the plan file (runs/NAME.yaml)' })
      .positional('output-dir', { type: 'string', demandOption: true, describe: 'the training output_dir holding checkpoint-N/ folders' })
      .option('config', { type: 'string', describe: 'the LLaMA-Factory training YAML (default: training_args.yaml in the output folder, else trainer_state.json fields)' })
      .option('name-prefix', { type: 'string', describe: 'candidate name = prefix + checkpoint folder name (default: "<run>-")' })
      .option('model-template', { type: 'string', describe: 'model name each checkpoint is served under: {checkpoint} {run} {step} {prefix} (default: {checkpoint})' })
      .example('$0 plan add-run runs/sweep.yaml saves/llama3-8b/lora/sft --config llama3_lora_sft.yaml', 'one candidate per checkpoint, params from the training YAML')
      .example('$0 plan add-run runs/sweep.yaml out/r8 --name-prefix r8- --model-template "r8-{step}"', 'served by vLLM as --lora-modules r8-500=out/r8/checkpoint-500 ...')
      .example('$0 plan add-run runs/sweep.yaml out/r8 --json', 'machine-readable: the candidates added and skipped') as unknown as Argv<AddRunArgs>,
  handler: (args) =>
    runCommand(async () => {
      const { addRun } = await import('../../plan/add-run.js');
      const result = addRun(args.plan, args.outputDir, workspaceFrom(args), {
        ...(args.config !== undefined ? { config: args.config } : {}),
        ...(args.namePrefix !== undefined ? { namePrefix: args.namePrefix } : {}),
        ...(args.modelTemplate !== undefined ? { modelTemplate: args.modelTemplate } : {}),
      });
      if (args.json) return printJson(result);
      for (const w of result.warnings) process.stderr.write(`warning: ${w}\n`);
      const out = process.stdout;
      out.write(`${result.run}: ${result.checkpoints} checkpoint(s); added ${result.added.length}, skipped ${result.skipped.length} -> ${args.plan}\n`);
      if (!args.quiet) {
        for (const c of result.added) out.write(`  + ${c.name}  model=${c.model}  step=${c.step ?? ''}\n`);
        if (result.paramsFrom) out.write(`  params from ${result.paramsFrom.path} (${result.paramsFrom.format})\n`);
        if (result.trainLog) out.write(`  train_log: ${result.trainLog}\n`);
      }
    }),
};

export const planCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'plan <command>',
  describe: 'edit experiment plans: add candidates from training output',
  builder: (y) =>
    y
      .command(addRunCommand)
      .demandCommand(1, 'Name a plan command; `stoppoint plan --help` lists them.')
      .example('$0 plan add-run runs/sweep.yaml saves/qwen3-4b/lora/sft', 'candidates from every checkpoint of a training run'),
  handler: () => undefined,
};
