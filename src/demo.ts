import { dirname, join } from 'node:path';
import { formatProblem } from './errors.js';
import { computeExperimentMetrics } from './metrics/compute.js';
import type { ExperimentMetrics } from './metrics/types.js';
import { loadPlan, type LoadedPlan } from './plan/load.js';
import { writeReport, type WrittenReport } from './report/index.js';
import { openChatClient } from './runner/client.js';
import type { RunnerListener } from './runner/events.js';
import type { OpenClient } from './runner/jobs.js';
import { evaluateAndGrade } from './runner/run-plan.js';
import type { RunSummary } from './runner/summary.js';
import { DEMO_ENDPOINT } from './sim/in-process.js';
import { DEFAULT_SCENARIO, launchSim } from './sim/launch.js';
import { openDb } from './store/db.js';
import { deleteExperiment } from './store/experiments.js';
import { computeVerdict } from './verdict/compute.js';
import type { Verdict } from './verdict/schema.js';
import { packageRoot, type Workspace } from './workspace.js';

/** The experiment name the demo's results are stored under (`stoppoint metrics demo` etc.). */
export const DEMO_EXPERIMENT = 'demo';
export const DEMO_PLAN = join(packageRoot, 'runs', 'demo.yaml');

export interface DemoOptions {
  /** Forget the stored demo experiment first (otherwise a rerun resumes and is instant). */
  fresh?: boolean;
  /** One line per stage as it lands. */
  say: (line: string) => void;
  /** Runner events, for a progress display. */
  listener?: RunnerListener;
  signal?: AbortSignal;
  /** Each stage's result as it lands, so a terminal can print it at once. */
  onStage?: (stage: DemoStage) => void;
}

/** What each stage of the demo gives, in order. */
export type DemoStage =
  | { stage: 'run'; run: RunSummary }
  | { stage: 'metrics'; metrics: ExperimentMetrics }
  | { stage: 'verdict'; verdict: Verdict }
  | { stage: 'report'; report: WrittenReport };

export interface DemoResult {
  experiment: string;
  store: string;
  simulator: { url: string; models: number; probeSets: string[] };
  run: RunSummary;
  /** The later stages are null when the run was interrupted (Ctrl-C): what arrived is stored. */
  metrics: ExperimentMetrics | null;
  /** The verdict on the demo sweep. */
  verdict: Verdict | null;
  /** The HTML report written into the workspace (runs/reports/demo.html). */
  report: WrittenReport | null;
}

/**
 * `stoppoint demo`: the whole loop on the built-in simulator. Probes, plan and scenario come from
 * the package (so it works in any folder); results go to the current workspace's store.
 */
export async function runDemo(ws: Workspace, options: DemoOptions): Promise<DemoResult> {
  const { say } = options;
  // The shipped probe sets, even where the workspace has its own set of the same name.
  const demoWs: Workspace = { ...ws, probesDir: ws.builtinProbesDir };
  // The shipped plan names its training log relative to its own folder (runs/logs/demo/…).
  const loaded = loadPlan(DEMO_PLAN, demoWs, { baseDir: dirname(DEMO_PLAN) });
  const sim = await launchSim({ workspace: demoWs, scenarioPath: DEFAULT_SCENARIO, probeSpecs: loaded.plan.probes });
  say(`simulator: ${sim.url} serving ${sim.models.length} models over ${sim.probeSetRefs.join(', ')}`);
  const db = openDb(ws.storePath);
  try {
    if (options.fresh && deleteExperiment(db, DEMO_EXPERIMENT)) say('fresh: the stored demo experiment was removed');
    const live = pointAtSimulator(loaded);
    const c = live.plan.candidates.length;
    say(`plan: ${c} candidates × ${live.probeSets.map((s) => `${s.ref} (${s.records.length} probes)`).join(', ')} × ${live.plan.repeats} repeats`);
    // Requests go to the live simulator; the store keeps `sim://demo`, not its short-lived port.
    const openClient: OpenClient = (endpoint, env, timeoutMs) => openChatClient({ ...endpoint, base_url: sim.url }, env, timeoutMs);
    const run = await evaluateAndGrade(db, demoWs, live, {
      tuning: {},
      env: {},
      openClient,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.listener ? { listener: options.listener } : {}),
    });
    const stage = options.onStage ?? ((): void => {});
    stage({ stage: 'run', run });
    const result: DemoResult = {
      experiment: DEMO_EXPERIMENT,
      store: ws.storePath,
      simulator: { url: sim.url, models: sim.models.length, probeSets: sim.probeSetRefs },
      run, metrics: null, verdict: null, report: null,
    };
    if (run.outcome === 'interrupted') return result;
    result.metrics = computeExperimentMetrics(db, DEMO_EXPERIMENT);
    stage({ stage: 'metrics', metrics: result.metrics });
    // The training log was imported with the run; a problem with it is a warning, not the end of the demo.
    result.verdict = computeVerdict(db, demoWs, DEMO_EXPERIMENT, { onWarning: (w) => say(`warning: ${formatProblem(w)}`) });
    stage({ stage: 'verdict', verdict: result.verdict });
    result.report = writeReport(db, demoWs, DEMO_EXPERIMENT);
    stage({ stage: 'report', report: result.report });
    return result;
  } finally {
    db.close();
    await sim.close();
  }
}

/**
 * The demo plan aimed at the simulator: its endpoints and judge become `sim://demo` (what is stored;
 * the runner is handed a client for the live simulator, and a `sim://` judge is the simulated judge
 * run in-process, so `stoppoint grade demo` works long after the simulator stopped). They need no
 * key (the simulator checks none); the experiment is always named `demo`.
 */
function pointAtSimulator(loaded: LoadedPlan): LoadedPlan {
  const { plan } = loaded;
  const url = DEMO_ENDPOINT;
  const endpoint = { ...plan.endpoint, base_url: url, api_key_env: undefined };
  return {
    ...loaded,
    plan: {
      ...plan,
      name: DEMO_EXPERIMENT,
      endpoint,
      judge: plan.judge ? { ...plan.judge, base_url: url, api_key_env: undefined } : undefined,
      candidates: plan.candidates.map((c) => (c.endpoint ? { ...c, endpoint: { ...c.endpoint, base_url: url, api_key_env: undefined } } : c)),
    },
  };
}
