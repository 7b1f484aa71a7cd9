import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import type { InputProblem } from '../../src/errors.js';
import { runPlan } from '../../src/runner/run-plan.js';
import type { RunSummary } from '../../src/runner/summary.js';
import { launchSim } from '../../src/sim/launch.js';
import { openDb } from '../../src/store/db.js';
import { computeVerdict } from '../../src/verdict/compute.js';
import type { Verdict } from '../../src/verdict/schema.js';
import { openWorkspace } from '../../src/workspace.js';
import { repoRoot } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

export const simFixtures = resolve(repoRoot, 'test/fixtures/sim');

export interface ScenarioOutcome {
  /** The workspace the scenario ran in (its store holds the experiment). */
  root: string;
  verdict: Verdict;
  run: RunSummary;
  warnings: InputProblem[];
}

/**
 * Runs test/fixtures/sim/<id>.yaml (scenario) with <id>-plan.yaml end to end: the simulator over real
 * HTTP on loopback, runPlan (evaluate + grade) into a fresh workspace, then computeVerdict.
 * The plan's endpoint is pointed at the simulator and its train_log paths at the fixture folder.
 */
export async function runScenario(id: string): Promise<ScenarioOutcome> {
  const ws = openWorkspace(tempDir('stoppoint-scenario-'));
  const sim = await launchSim({ workspace: ws, scenarioPath: join(simFixtures, `${id}.yaml`), probeSpecs: ['core'] });
  try {
    const plan = parse(readFileSync(join(simFixtures, `${id}-plan.yaml`), 'utf8')) as {
      name: string;
      endpoint: { base_url: string };
      judge?: { base_url: string };
      candidates: { train_log?: string }[];
    };
    plan.endpoint.base_url = sim.url;
    if (plan.judge) plan.judge.base_url = sim.url;
    for (const c of plan.candidates) if (c.train_log && !isAbsolute(c.train_log)) c.train_log = join(simFixtures, c.train_log);
    mkdirSync(ws.runsDir, { recursive: true });
    const planPath = join(ws.runsDir, `${id}.yaml`);
    writeFileSync(planPath, stringify(plan));
    // Persistently failing probes (partial-evaluation) are retried once, without a long backoff.
    const run = await runPlan(planPath, { workspace: ws, env: {}, tuning: { retry: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 20 } } });
    const db = openDb(ws.storePath);
    try {
      const warnings: InputProblem[] = [];
      const verdict = computeVerdict(db, ws, plan.name, { onWarning: (w) => warnings.push(w) });
      return { root: ws.root, verdict, run, warnings };
    } finally {
      db.close();
    }
  } finally {
    await sim.close();
  }
}

/** The fired signals as `id:severity`, for assertions that read like the verdict. */
export function fired(v: Verdict): string[] {
  return v.signals.filter((s) => s.fired).map((s) => `${s.id}:${s.severity}`);
}
