import type { WatchEvent } from './watch.js';

/** One watch event as the lines a person reads in a terminal (null: nothing worth a line). */
export function formatWatchEvent(e: WatchEvent): string | null {
  switch (e.type) {
    case 'poll':
      return null;
    case 'added':
      return `+ ${e.candidates.length} new candidate(s) from ${e.source === 'output-dir' ? 'the output folder' : 'the endpoint'}: ${e.candidates.map((c) => c.name).join(', ')}`;
    case 'waiting':
      return `waiting for ${e.candidates.join(', ')}: ${e.reason}`;
    case 'evaluated': {
      const s = e.summary;
      const parts = s.candidates.map((c) => `${c.name} ${c.replied}/${c.expected}${c.status === 'complete' ? '' : ` (${c.status})`}${c.sent > 0 ? `, ${c.sent} sent` : ''}`);
      return `evaluated: ${parts.join('; ')}`;
    }
    case 'verdict': {
      const v = e.verdict;
      const fired = v.signals.filter((s) => s.fired).map((s) => `${s.id}(${s.severity})`);
      const broken = v.contract.filter((c) => !c.ok).length;
      return [
        `verdict: ${v.verdict.toUpperCase()} — ${v.action}${v.freeze_candidate ? `, freeze ${v.freeze_candidate}` : ''}`,
        `  contract: ${v.contract.length - broken}/${v.contract.length} rules hold; signals fired: ${fired.length ? fired.join(', ') : 'none'}`,
        ...(v.reason ? [`  ${v.reason}`] : []),
      ].join('\n');
    }
    case 'hook':
      return e.ranBefore !== undefined
        ? `on-stop already ran at ${e.ranBefore} (${e.command}); not running it again`
        : `on-stop ran: ${e.command} (exit ${e.exitCode ?? 'signal'})`;
    case 'warning':
      return `warning: ${e.message}`;
    case 'stopped':
      return e.reason === 'interrupted' ? `stopped after ${e.polls} poll(s): interrupted; run watch again to pick up` : `stopped after ${e.polls} poll(s)`;
  }
}
