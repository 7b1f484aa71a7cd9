import { join } from 'node:path';
import { discoverProbeSets, resolveProbeSets } from '../probes/resolve.js';
import { packageRoot, type Workspace } from '../workspace.js';
import { InputError } from '../errors.js';
import { FaultConfig, loadScenario, type FaultConfigInput } from './scenario.js';
import { startSimServer } from './server.js';
import type { JudgeFn, SimServer } from './types.js';

/** The scenario `stoppoint sim` and `stoppoint demo` use when none is named. */
export const DEFAULT_SCENARIO = join(packageRoot, 'scenarios', 'demo.yaml');

export interface LaunchSimOptions {
  workspace: Workspace;
  /** Scenario file; default: the package's scenarios/demo.yaml. */
  scenarioPath?: string;
  /** Probe sets to know (name or name@version); default: the scenario's `probes` (else `core`) plus the workspace's own sets. */
  probeSpecs?: readonly string[];
  port?: number;
  /** Fault settings that override the scenario's `faults:` one by one (command-line flags). */
  faults?: FaultConfigInput;
}

export interface LaunchedSim extends SimServer {
  scenarioPath: string;
  /** `name@version` of each probe set the simulator recognises. */
  probeSetRefs: string[];
}

/**
 * Starts the simulator the way the CLI does: scenario file, probe sets resolved in the
 * workspace, and the simulated judge wired in.
 */
export async function launchSim(opts: LaunchSimOptions): Promise<LaunchedSim> {
  const scenarioPath = opts.scenarioPath ?? DEFAULT_SCENARIO;
  const scenario = loadScenario(scenarioPath);
  const specs = opts.probeSpecs?.length ? opts.probeSpecs : defaultProbeSpecs(opts.workspace, scenario.probes);
  const probeSets = resolveProbeSets(opts.workspace, specs);
  const server = await startSimServer({
    port: opts.port ?? 0,
    host: '127.0.0.1',
    scenario,
    probeSets,
    judge: await loadSimulatedJudge(),
    faults: opts.faults ? overriddenFaults(scenario.faults, opts.faults) : undefined,
  });
  return { ...server, scenarioPath, probeSetRefs: probeSets.map((s) => s.ref) };
}

/** The scenario's faults with the overrides applied; a bad override names its command-line flag. */
function overriddenFaults(base: FaultConfig, overrides: FaultConfigInput): FaultConfig {
  const parsed = FaultConfig.safeParse({ ...base, ...overrides });
  if (parsed.success) return parsed.data;
  throw new InputError(
    parsed.error.issues.map((i) => ({ message: `--${FLAG_OF[String(i.path[0])] ?? String(i.path[0])}: ${i.message}` })),
  );
}

const FLAG_OF: Record<string, string> = {
  latency_ms: 'latency',
  latency_jitter_ms: 'latency-jitter',
  rate_limit: 'rate-limit',
  server_error: 'server-error',
  wrong_shape: 'wrong-shape',
  fail_probes: 'fail-probe',
};

/**
 * The simulated judge (src/sim/judge.ts), loaded on demand so the server itself does not depend
 * on the graders. If it cannot be loaded, judge requests get a 500 that says why, and checkpoint
 * models keep working.
 */
export async function loadSimulatedJudge(): Promise<JudgeFn> {
  try {
    const mod = await import('./judge.js');
    return mod.simulateJudge;
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return () => {
      throw new Error(`the simulated judge (src/sim/judge.ts) could not be loaded: ${why}`);
    };
  }
}

/**
 * The scenario's sets (else core) plus every set of the user's own workspace, so that a plan
 * scaffolded by `stoppoint init` is answered probe by probe without naming its sets.
 */
function defaultProbeSpecs(ws: Workspace, scenarioProbes: readonly string[] | undefined): string[] {
  const own = discoverProbeSets(ws).filter((l) => l.where === 'workspace').map((l) => l.name);
  return [...new Set([...(scenarioProbes ?? ['core']), ...own])];
}
