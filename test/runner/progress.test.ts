import { describe, expect, it, vi } from 'vitest';
import { createProgressDisplay, formatEta } from '../../src/runner/progress.js';

function capture(): { out: { write: (s: string) => boolean; columns: number }; text: () => string } {
  let buf = '';
  return { out: { write: (s: string) => ((buf += s), true), columns: 100 }, text: () => buf };
}

describe('progress display', () => {
  it('tty: redraws live bars in place and scrolls finished candidates up', () => {
    vi.useFakeTimers();
    try {
      const c = capture();
      const d = createProgressDisplay(c.out, 'tty', { redrawMs: 100 });
      d.listener({ type: 'candidate-start', candidate: 'base', total: 100, alreadyDone: 0, toSend: 100 });
      vi.advanceTimersByTime(100);
      expect(c.text()).toContain('base                     [');
      d.listener({ type: 'progress', candidate: 'base', done: 50, total: 100, rate: 25, eta: 2, retries: 1, errors: 0 });
      vi.advanceTimersByTime(100);
      expect(c.text()).toContain('\x1b[1A'); // cursor up: redrawn in place
      expect(c.text()).toContain('50/100  25/s  eta 2s  r1 e0');
      d.listener({ type: 'candidate-end', candidate: 'base', done: 100, total: 100, rate: 25, eta: 0, retries: 1, errors: 0 });
      expect(c.text()).toContain('base  100/100 (100%)  25.0/s  eta 0s  retries 1  errors 0  done\n');
      d.stop();
    } finally {
      vi.useRealTimers();
    }
  });

  it('off a TTY: a status line every few seconds, no escape codes', () => {
    vi.useFakeTimers();
    try {
      const c = capture();
      const d = createProgressDisplay(c.out, 'lines', { lineMs: 5000 });
      d.listener({ type: 'candidate-start', candidate: 'ft', total: 10, alreadyDone: 4, toSend: 6 });
      d.listener({ type: 'progress', candidate: 'ft', done: 7, total: 10, rate: 3, eta: 1, retries: 0, errors: 1 });
      vi.advanceTimersByTime(4999);
      expect(c.text()).toBe('ft: resuming, 4/10 already stored\n');
      vi.advanceTimersByTime(1);
      expect(c.text()).toContain('ft  7/10 (70%)  3.0/s  eta 1s  retries 0  errors 1\n');
      expect(c.text()).not.toContain('\x1b[');
      d.stop();
    } finally {
      vi.useRealTimers();
    }
  });

  it('quiet prints nothing', () => {
    const c = capture();
    const d = createProgressDisplay(c.out, 'quiet');
    d.listener({ type: 'candidate-start', candidate: 'x', total: 1, alreadyDone: 0, toSend: 1 });
    d.listener({ type: 'stopping', reason: 'budget', detail: 'request budget of 1 reached' });
    d.stop();
    expect(c.text()).toBe('');
  });

  it('formats ETAs', () => {
    expect([formatEta(null), formatEta(42), formatEta(125), formatEta(7300)]).toEqual(['--', '42s', '2m05s', '2h01m']);
  });
});
