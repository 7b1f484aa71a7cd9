import { cpSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadProbeSetDir } from '../../src/probes/load.js';
import { loadScenario, Scenario, type ScenarioInput } from '../../src/sim/scenario.js';
import { startSimServer } from '../../src/sim/server.js';
import type { SimServer } from '../../src/sim/types.js';
import { fixtures, repoRoot } from '../runner/helpers.js';

export const RUN = resolve(repoRoot, '../shared/datasets/trainlog-llamafactory-mistral-translator');

/** A checkpoint folder as the Trainer leaves it (its trainer_state.json from the real LLaMA-Factory run). */
export function saveCheckpoint(outputDir: string, step: number, stateFrom = 500): void {
  mkdirSync(outputDir, { recursive: true });
  cpSync(join(RUN, `checkpoint-${stateFrom}`), join(outputDir, `checkpoint-${step}`), { recursive: true });
}

/**
 * The simulator serving `base` plus the named checkpoints over the runner's `mini` set. Restarting
 * it on the same port with more models is how a test makes "the server loads a new adapter".
 */
export async function serveCheckpoints(names: readonly string[], port = 0): Promise<SimServer> {
  const base = loadScenario(join(fixtures, 'scenario.yaml'));
  const models: ScenarioInput['models'] = { base: { rates: { harmful_refusal: 0.9, over_refusal: 0.3, boundary: 0.7, factuality: 0.6, consistency: 0.7 } } };
  names.forEach((n, i) => {
    models[n] = { extends: 'base', rates: { factuality: Math.min(0.95, 0.6 + 0.1 * (i + 1)) } };
  });
  const scenario = Scenario.parse({ description: base.description, models });
  const mini = loadProbeSetDir(join(fixtures, 'ws/probes/mini'));
  return startSimServer({ port, host: '127.0.0.1', scenario, probeSets: [mini] });
}
