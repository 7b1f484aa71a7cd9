import type { Argv, CommandModule } from 'yargs';
import { printJson, runCommand, workspaceFrom, type GlobalArgs } from '../context.js';

interface SimArgs extends GlobalArgs {
  port: number;
  scenario?: string;
  probes?: string[];
  latency?: number;
  'latency-jitter'?: number;
  'rate-limit'?: number;
  'server-error'?: number;
  hang?: number;
  reset?: number;
  malformed?: number;
  'wrong-shape'?: number;
  'fail-probe'?: string[];
}

const probability = (describe: string) => ({ type: 'number' as const, describe: `${describe} (probability 0-1 per request)` });

export const simCommand: CommandModule<GlobalArgs, SimArgs> = {
  command: 'sim',
  describe: 'serve the built-in simulated OpenAI-compatible endpoint on 127.0.0.1 until Ctrl-C',
  builder: (y: Argv<GlobalArgs>) =>
    y
      .option('port', { type: 'number', default: 8787, describe: 'port on 127.0.0.1 (0 picks a free one)' })
      .option('scenario', { type: 'string', describe: "scenario file (default: the package's scenarios/demo.yaml)" })
      .option('probes', { type: 'string', array: true, describe: "probe sets to recognise (default: the scenario's `probes`, else core, plus every set in the workspace)" })
      .option('latency', { type: 'number', describe: 'fixed delay per chat request, ms' })
      .option('latency-jitter', { type: 'number', describe: 'extra random delay per chat request, up to this many ms' })
      .option('rate-limit', probability('answer 429 with Retry-After'))
      .option('server-error', probability('answer 500'))
      .option('hang', probability('never answer'))
      .option('reset', probability('drop the connection'))
      .option('malformed', probability('answer 200 with a body that is not JSON'))
      .option('wrong-shape', probability('answer 200 JSON without choices'))
      .option('fail-probe', { type: 'string', array: true, describe: 'probe ids that always get a 500' })
      .example('$0 sim', 'serve the demo scenario on http://127.0.0.1:8787/v1')
      .example('$0 sim --port 0 --scenario my-scenario.yaml --probes core my-set', 'your own scenario and probe sets, a free port')
      .example('$0 sim --latency 20 --rate-limit 0.05 --server-error 0.02', 'a slow, flaky endpoint for benchmarks and retry tests')
      .example('$0 sim --json', 'print the URL and models as JSON, then serve') as unknown as Argv<SimArgs>,
  handler: (args) =>
    runCommand(async () => {
      const { launchSim } = await import('../../sim/launch.js');
      const sim = await launchSim({
        workspace: workspaceFrom(args),
        port: args.port,
        ...(args.scenario !== undefined ? { scenarioPath: args.scenario } : {}),
        ...(args.probes !== undefined ? { probeSpecs: args.probes } : {}),
        faults: faultFlags(args),
      });
      for (const w of sim.warnings) process.stderr.write(`warning: ${w}\n`);
      if (args.json) {
        printJson({ url: sim.url, models: sim.models, scenario: sim.scenarioPath, probe_sets: sim.probeSetRefs });
      } else {
        process.stdout.write(
          `stoppoint sim: serving ${sim.url}\n` +
            `  scenario:   ${sim.scenarioPath}\n` +
            `  probe sets: ${sim.probeSetRefs.join(', ')}\n` +
            `  models:     ${sim.models.join(', ')}\n` +
            'Press Ctrl-C to stop.\n',
        );
      }
      await untilInterrupted();
      await sim.close();
      const stats = sim.stats();
      if (!args.json && !args.quiet) {
        const by = Object.entries(stats.byStatus).map(([k, n]) => `${k}: ${n}`).join(', ');
        process.stdout.write(`stopped after ${stats.requests} requests${by ? ` (${by})` : ''}\n`);
      }
    }),
};

/** Only the flags given, so the scenario's own `faults:` values stand for the rest. */
function faultFlags(args: SimArgs): Record<string, number | string[]> {
  const pairs: [string, number | string[] | undefined][] = [
    ['latency_ms', args.latency],
    ['latency_jitter_ms', args['latency-jitter']],
    ['rate_limit', args['rate-limit']],
    ['server_error', args['server-error']],
    ['hang', args.hang],
    ['reset', args.reset],
    ['malformed', args.malformed],
    ['wrong_shape', args['wrong-shape']],
    ['fail_probes', args['fail-probe']],
  ];
  const given: Record<string, number | string[]> = {};
  for (const [key, value] of pairs) if (value !== undefined) given[key] = value;
  return given;
}

function untilInterrupted(): Promise<void> {
  return new Promise((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
