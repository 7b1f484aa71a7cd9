import type { CommandModule } from 'yargs';

/**
 * Every CLI command, in the order `--help` lists them. Command modules stay light:
 * they import the library inside their handlers so `stoppoint --help` starts fast.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const commands: CommandModule<any, any>[] = [];
