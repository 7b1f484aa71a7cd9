import { runDemo, DEMO_EXPERIMENT, type DemoResult, type DemoStage } from './demo.js';
import type { MetricName } from './metrics/registry.js';
import type { ExperimentMetrics } from './metrics/types.js';
import { formatRunSummary } from './runner/format.js';
import { createProgressDisplay } from './runner/progress.js';
import { exitCodeForRun } from './runner/summary.js';
import { renderVerdict } from './verdict/text.js';
import type { Workspace } from './workspace.js';

/**
 * `stoppoint demo` in a terminal: each stage printed on stdout as it lands (progress on stderr);
 * with --json only the result object is printed (by the command). Ctrl-C stops it cleanly.
 */
export async function runDemoInTerminal(
  ws: Workspace,
  opts: { fresh: boolean; quiet: boolean; json: boolean },
): Promise<{ demo: DemoResult; exitCode: number }> {
  const chatty = !opts.quiet && !opts.json;
  const say = (line: string): void => {
    if (chatty) process.stdout.write(`${line}\n`);
  };
  const display = createProgressDisplay(process.stderr, opts.quiet || opts.json ? 'quiet' : process.stderr.isTTY ? 'tty' : 'lines');
  const onStage = (s: DemoStage): void => {
    if (opts.json) return;
    // --quiet keeps the verdict and the report path, the two things a rerun is for.
    if (s.stage === 'run') {
      display.stop(); // the run is over: no more progress lines between the stages
      say(`\n${formatRunSummary(s.run)}`);
    } else if (s.stage === 'metrics') say(`\n${formatMetricsBrief(s.metrics)}`);
    else if (s.stage === 'verdict') process.stdout.write(`\n${renderVerdict(s.verdict)}\n`);
    else process.stdout.write(`\nreport: ${s.report.path} (${Math.round(s.report.bytes / 1024)} KB, one self-contained HTML file)\n`);
  };
  const stop = new AbortController();
  const onSigint = (): void => {
    if (stop.signal.aborted) process.exit(130);
    stop.abort(new Error('interrupted'));
  };
  process.on('SIGINT', onSigint);
  let demo: DemoResult;
  try {
    demo = await runDemo(ws, { fresh: opts.fresh, say, listener: display.listener, signal: stop.signal, onStage });
  } finally {
    display.stop();
    process.off('SIGINT', onSigint);
  }
  say('simulator stopped');
  say(`stored in ${demo.store} under experiment "${DEMO_EXPERIMENT}"; next:`);
  say(`  stoppoint metrics ${DEMO_EXPERIMENT}`);
  say(`  stoppoint verdict ${DEMO_EXPERIMENT} --json`);
  say(`  stoppoint export ${DEMO_EXPERIMENT} --format csv -o demo.csv`);
  return { demo, exitCode: exitCodeForRun(demo.run) };
}

const BRIEF: [MetricName, string][] = [
  ['factuality.accuracy', 'fact'],
  ['refusal.harmful_refusal_rate', 'harm-ref'],
  ['refusal.over_refusal_rate', 'over-ref'],
  ['boundary.accuracy', 'bound'],
  ['consistency.agreement', 'consist'],
  ['style.courtesy', 'courtesy'],
];

/** A few metrics per candidate, one line each (`stoppoint metrics demo` shows all, with intervals). */
export function formatMetricsBrief(m: ExperimentMetrics): string {
  const width = Math.max(9, ...m.candidates.map((c) => c.name.length));
  const lines = [`metrics (point estimates; \`stoppoint metrics ${m.experiment}\` gives intervals):`];
  lines.push(`${'candidate'.padEnd(width)}  ${BRIEF.map(([, h]) => h.padStart(8)).join(' ')}`);
  for (const c of m.candidates) {
    const cells = BRIEF.map(([name]) => {
      const v = c.metrics[name]?.value;
      return (v === null || v === undefined ? '—' : v.toFixed(3)).padStart(8);
    });
    lines.push(`${c.name.padEnd(width)}  ${cells.join(' ')}`);
  }
  return lines.join('\n');
}
