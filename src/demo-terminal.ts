import { runDemo, DEMO_EXPERIMENT, type DemoResult } from './demo.js';
import { formatRunSummary } from './runner/format.js';
import { createProgressDisplay } from './runner/progress.js';
import { exitCodeForRun } from './runner/summary.js';
import type { Workspace } from './workspace.js';
import { renderVerdict } from './verdict/text.js';

/**
 * `stoppoint demo` in a terminal: stage lines and the run summary on stdout (progress on stderr);
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
  const stop = new AbortController();
  const onSigint = (): void => {
    if (stop.signal.aborted) process.exit(130);
    stop.abort(new Error('interrupted'));
  };
  process.on('SIGINT', onSigint);
  let demo: DemoResult;
  try {
    demo = await runDemo(ws, { fresh: opts.fresh, say, listener: display.listener, signal: stop.signal });
  } finally {
    display.stop();
    process.off('SIGINT', onSigint);
  }
  if (!opts.json) {
    process.stdout.write(`${formatRunSummary(demo.run)}\n`);
    if (demo.verdict) process.stdout.write(`\n${renderVerdict(demo.verdict)}\n`);
    say('simulator stopped');
    say(`stored in ${demo.store} under experiment "${DEMO_EXPERIMENT}"; next:`);
    say(`  stoppoint verdict ${DEMO_EXPERIMENT} --json`);
    say(`  stoppoint export ${DEMO_EXPERIMENT} --format csv -o demo.csv`);
  }
  return { demo, exitCode: exitCodeForRun(demo.run) };
}
