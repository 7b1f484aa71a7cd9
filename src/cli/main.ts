#!/usr/bin/env node
import yargs, { type CommandModule } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { ExitCode } from '../errors.js';
import { commands } from './commands/index.js';

const cli = yargs(hideBin(process.argv))
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
  .fail((msg, err, y) => {
    if (err) throw err;
    process.stderr.write(`${msg}\n\nRun with --help for usage.\n`);
    process.exit(ExitCode.badInput);
  })
  .help()
  .alias('help', 'h')
  .version();

for (const command of commands) cli.command(command as CommandModule);

await cli.parseAsync();
