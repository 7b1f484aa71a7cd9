import type { Argv, CommandModule } from 'yargs';
import { printJson, runCommand, type GlobalArgs } from '../context.js';

type InitArgs = GlobalArgs & { dir?: string };

/** `stoppoint init [DIR]`: scaffold a workspace; never overwrites a file. */
export const initCommand: CommandModule<GlobalArgs, InitArgs> = {
  command: 'init [dir]',
  describe: 'scaffold a workspace: starter probe set, example plan, .gitignore',
  builder: (y) =>
    y
      .positional('dir', { type: 'string', describe: 'folder to scaffold (default: the workspace / current directory)' })
      .example('$0 init', 'scaffold the current directory')
      .example('$0 init my-eval', 'scaffold ./my-eval (created if missing)') as Argv<InitArgs>,
  handler: (args) =>
    runCommand(async () => {
      const { scaffoldWorkspace } = await import('../../init.js');
      const result = scaffoldWorkspace(args.dir ?? args.workspace ?? process.cwd());
      if (args.json) printJson(result);
      else process.stdout.write((await import('../format/probes.js')).formatInit(result));
    }),
};
