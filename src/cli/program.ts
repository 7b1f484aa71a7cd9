import yargs, { type CommandModule } from 'yargs';
import { ExitCode } from '../errors.js';
import { commands } from './commands/index.js';
import type { HelpCache } from './help-cache.js';

/** The stoppoint CLI: yargs with every command of commands/index.ts. */
function program(args: readonly string[]) {
  const cli = yargs([...args])
    .scriptName('stoppoint')
    .usage('$0 <command> [options]\n\nTells you when to stop tuning: full-set evaluation, stop signals, verdict, report.')
    .option('workspace', { type: 'string', describe: 'workspace folder (default: current directory)', global: true })
    .option('json', { type: 'boolean', describe: 'print machine-readable JSON', global: true })
    .option('quiet', { type: 'boolean', alias: 'q', describe: 'print less', global: true })
    .strict()
    .demandCommand(1, 'Name a command; `stoppoint --help` lists them.')
    .recommendCommands()
    // No width computation: laying the help out to the terminal width cost ~90 ms of start-up (BENCHMARKS.md).
    .wrap(null)
    .epilog('Exit codes: 0 ok, 1 fault, 2 bad input, 3 verdict stop, 4 coverage below 100%.')
    .fail((msg, err) => {
      if (err) throw err;
      process.stderr.write(`${msg}\n\nRun with --help for usage.\n`);
      process.exit(ExitCode.badInput);
    })
    .help()
    .alias('help', 'h')
    .version();
  for (const command of commands) cli.command(command as CommandModule);
  return cli;
}

/**
 * Runs the CLI on `args`. For a help request (`cache` given) yargs renders into a string instead
 * of the terminal, which is printed as yargs would print it and remembered for next time.
 */
export async function runCli(args: readonly string[], cache?: HelpCache): Promise<void> {
  const cli = program(args);
  if (!cache) {
    await cli.parseAsync();
    return;
  }
  const { shown, output } = await new Promise<{ shown: boolean; output: string }>((resolve, reject) => {
    void cli.parse([...args], {}, (err, argv, text) => {
      if (err) reject(err);
      else resolve({ shown: argv.help === true, output: text });
    });
  });
  // yargs prints its output with console.log: one line break after it.
  const printed = output === '' ? '' : `${output}\n`;
  process.stdout.write(printed);
  if (shown && printed !== '') cache.write(printed);
}
