import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { loadProbeSetDir } from '../../src/probes/load.js';
import type { FaultConfigInput } from '../../src/sim/scenario.js';
import { loadScenario } from '../../src/sim/scenario.js';
import { loadSimulatedJudge } from '../../src/sim/launch.js';
import { startSimServer } from '../../src/sim/server.js';
import type { SimServer } from '../../src/sim/types.js';
import { openWorkspace, type Workspace } from '../../src/workspace.js';

export const repoRoot = resolve(import.meta.dirname, '../..');
export const fixtures = join(repoRoot, 'test/fixtures/runner');

/** A fresh workspace in a temp folder holding the `mini` probe set (12 probes). */
export function tempWorkspace(): { ws: Workspace; cleanup: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'stoppoint-runner-'));
  cpSync(join(fixtures, 'ws'), root, { recursive: true });
  return { ws: openWorkspace(root), cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** The real simulator on a free loopback port, serving the test scenario over the `mini` set, judge included. */
export async function startSim(faults: FaultConfigInput = {}, scenarioOverrides: Record<string, unknown> = {}): Promise<SimServer> {
  const scenario = { ...loadScenario(join(fixtures, 'scenario.yaml')), ...scenarioOverrides };
  const mini = loadProbeSetDir(join(fixtures, 'ws/probes/mini'));
  return startSimServer({ port: 0, host: '127.0.0.1', scenario, probeSets: [mini], faults, judge: await loadSimulatedJudge() });
}

export interface PlanSpec {
  name?: string;
  baseUrl: string;
  apiKeyEnv?: string;
  repeats?: number;
  concurrency?: number;
  candidates?: { name: string; model: string; baseline?: boolean }[];
  extra?: Record<string, unknown>;
}

/** Writes runs/<name>.yaml into the workspace and returns its path. */
export function writePlan(ws: Workspace, spec: PlanSpec): string {
  const name = spec.name ?? 'sweep';
  const plan = {
    name,
    probes: ['mini'],
    endpoint: { base_url: spec.baseUrl, ...(spec.apiKeyEnv ? { api_key_env: spec.apiKeyEnv } : {}) },
    sampling: { temperature: 0.7, max_tokens: 64 },
    repeats: spec.repeats ?? 2,
    concurrency: spec.concurrency ?? 8,
    candidates: spec.candidates ?? [
      { name: 'base', model: 'base', baseline: true },
      { name: 'ft-a', model: 'ft-a' },
    ],
    ...spec.extra,
  };
  mkdirSync(ws.runsDir, { recursive: true });
  const path = join(ws.runsDir, `${name}.yaml`);
  writeFileSync(path, stringify(plan));
  return path;
}

/** Fast retries for tests: the policy is the same, only the waits are short. */
export const fastRetry = { maxAttempts: 6, baseDelayMs: 5, maxDelayMs: 50, maxRetryAfterMs: 2000 };
