import type { CandidateProgress, RunnerEvent, RunnerListener } from './events.js';

/** tty: live bars redrawn in place; lines: a status line every few seconds (logs, CI); quiet: nothing. */
export type ProgressMode = 'tty' | 'lines' | 'quiet';

export interface ProgressDisplay {
  listener: RunnerListener;
  /** Stops redrawing and leaves the last state on screen. */
  stop(): void;
}

interface Output {
  write(text: string): unknown;
  columns?: number;
}

/**
 * Listens to runner events and draws them. Finished candidates scroll up as permanent lines; the
 * live area holds only the candidates in progress, so forty candidates do not mean forty bars.
 */
export function createProgressDisplay(out: Output, mode: ProgressMode, options: { redrawMs?: number; lineMs?: number } = {}): ProgressDisplay {
  if (mode === 'quiet') return { listener: () => {}, stop: () => {} };
  const active = new Map<string, CandidateProgress>();
  let drawn = 0; // live lines currently on screen (tty)
  let dirty = false;

  const clearLive = (): void => {
    if (mode !== 'tty' || drawn === 0) return;
    out.write(`\x1b[${drawn}A`);
    for (let i = 0; i < drawn; i++) out.write('\x1b[2K\n');
    out.write(`\x1b[${drawn}A`);
    drawn = 0;
  };
  const drawLive = (): void => {
    clearLive();
    for (const p of active.values()) out.write(bar(p, out.columns ?? 100) + '\n');
    drawn = active.size;
    dirty = false;
  };
  const permanent = (line: string): void => {
    clearLive();
    out.write(line + '\n');
    if (mode === 'tty') drawLive();
  };

  const timer = setInterval(
    () => {
      if (mode === 'tty') {
        if (dirty) drawLive();
      } else if (active.size > 0) {
        for (const p of active.values()) out.write(statusLine(p) + '\n');
      }
    },
    mode === 'tty' ? (options.redrawMs ?? 100) : (options.lineMs ?? 5000),
  );
  timer.unref();

  const listener = (e: RunnerEvent): void => {
    switch (e.type) {
      case 'candidate-start':
        active.set(e.candidate, { candidate: e.candidate, done: e.alreadyDone, total: e.total, rate: 0, eta: null, retries: 0, errors: 0 });
        if (e.alreadyDone > 0) permanent(`${e.candidate}: resuming, ${e.alreadyDone}/${e.total} already stored`);
        dirty = true;
        break;
      case 'progress':
        active.set(e.candidate, e);
        dirty = true;
        break;
      case 'candidate-end':
        active.delete(e.candidate);
        permanent(`${statusLine(e)}${e.done >= e.total ? '  done' : '  incomplete'}`);
        break;
      case 'stopping':
        permanent(e.reason === 'interrupt' ? `stopping: ${e.detail} (Ctrl-C again to quit at once)` : `stopping: ${e.detail}`);
        break;
      case 'run-end':
        clearLive();
        break;
    }
  };
  return {
    listener,
    stop() {
      clearInterval(timer);
      clearLive();
    },
  };
}

function statusLine(p: CandidateProgress): string {
  const pct = p.total > 0 ? Math.floor((100 * p.done) / p.total) : 100;
  return `${p.candidate}  ${p.done}/${p.total} (${pct}%)  ${p.rate.toFixed(1)}/s  eta ${formatEta(p.eta)}  retries ${p.retries}  errors ${p.errors}`;
}

function bar(p: CandidateProgress, columns: number): string {
  const tail = `${p.done}/${p.total}  ${p.rate.toFixed(0)}/s  eta ${formatEta(p.eta)}  r${p.retries} e${p.errors}`;
  const name = p.candidate.length > 24 ? `${p.candidate.slice(0, 23)}…` : p.candidate.padEnd(24);
  const width = Math.max(10, Math.min(40, columns - name.length - tail.length - 6));
  const filled = p.total > 0 ? Math.round((width * Math.min(p.done, p.total)) / p.total) : width;
  return `${name} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${tail}`;
}

export function formatEta(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '--';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
