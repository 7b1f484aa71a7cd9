import type { CommandModule } from 'yargs';
import { initCommand } from './init.js';
import { probesCommand } from './probes.js';
import { planCommand } from './plan.js';
import { runCommandModule } from './run.js';
import { watchCommand } from './watch.js';
import { exportCommand } from './export.js';
import { demoCommand } from './demo.js';
import { simCommand } from './sim.js';
import { logCommand } from './log.js';
import { verdictCommand } from './verdict.js';
import { gateCommand } from './gate.js';
import { reportCommand } from './report.js';
import { gradeCommand } from './grade.js';
import { metricsCommand } from './metrics.js';

/** A command module whatever its own argument shape: yargs checks the arguments at run time. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- yargs' CommandModule is invariant in its args type
type AnyCommand = CommandModule<any, any>;

/**
 * Every CLI command, in the order `--help` lists them. Command modules stay light:
 * they import the library inside their handlers so `stoppoint --help` starts fast.
 */
export const commands: AnyCommand[] = [
  initCommand,
  probesCommand,
  planCommand,
  runCommandModule,
  gradeCommand,
  watchCommand,
  exportCommand,
  demoCommand,
  simCommand,
  logCommand,
  metricsCommand,
  verdictCommand,
  gateCommand,
  reportCommand,
];
