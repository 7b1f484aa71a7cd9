/**
 * Shared pieces of the report's inline SVG charts. Every chart is a pure function returning an SVG
 * string; every piece of text in it goes through `esc`, because labels carry candidate names and
 * parameter values that come from users' files.
 */

/** Escapes text for XML/HTML content and attribute values (double-quoted). */
export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Colour-blind-safe palette (Okabe–Ito), in the order series are assigned colours. */
export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#F0E442'];
export const colour = (i: number): string => PALETTE[i % PALETTE.length]!;

/** Point markers vary in shape too, so series stay apart without colour. */
export function marker(shape: number, x: number, y: number, fill: string, title: string, cls = 'pt'): string {
  const t = `<title>${esc(title)}</title>`;
  const cx = num(x);
  const cy = num(y);
  switch (shape % 3) {
    case 1:
      return `<rect class="${cls}" x="${num(x - 3.5)}" y="${num(y - 3.5)}" width="7" height="7" fill="${fill}">${t}</rect>`;
    case 2:
      return `<path class="${cls}" d="M${cx} ${num(y - 4.5)}L${num(x + 4.5)} ${num(y + 3.5)}L${num(x - 4.5)} ${num(y + 3.5)}Z" fill="${fill}">${t}</path>`;
    default:
      return `<circle class="${cls}" cx="${cx}" cy="${cy}" r="3.8" fill="${fill}">${t}</circle>`;
  }
}

/** Compact coordinates: two decimals are plenty on screen and keep the file small. */
export function num(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(2).replace(/\.?0+$/, '');
}

export type ValueFormat = 'pct' | 'num';

/** Formats a metric value for labels: rates as percentages, means with sensible precision. */
export function formatValue(v: number, format: ValueFormat): string {
  if (format === 'pct') return `${(v * 100).toFixed(Math.abs(v) < 0.1 && v !== 0 ? 1 : 0)}%`;
  const a = Math.abs(v);
  if (a >= 100) return v.toFixed(0);
  if (a >= 10) return v.toFixed(1);
  return v.toFixed(a >= 1 ? 2 : 3);
}

export interface Scale {
  (v: number): number;
  domain: [number, number];
}

export function linearScale(domain: [number, number], range: [number, number]): Scale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0 || 1;
  const f = ((v: number) => r0 + ((v - d0) / span) * (r1 - r0)) as Scale;
  f.domain = domain;
  return f;
}

/** About `count` round tick values covering the domain. */
export function ticks(domain: [number, number], count = 4): number[] {
  const [lo, hi] = domain;
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

/**
 * A y domain covering the values with a little padding; rates stay inside [0, 1] so a 2-point
 * change is not drawn as a cliff without the reader seeing the axis.
 */
export function valueDomain(values: number[], format: ValueFormat): [number, number] {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return format === 'pct' ? [0, 1] : [0, 1];
  let lo = Math.min(...finite);
  let hi = Math.max(...finite);
  const pad = (hi - lo) * 0.1 || Math.abs(hi) * 0.1 || 0.05;
  lo -= pad;
  hi += pad;
  if (format === 'pct') {
    lo = Math.max(0, lo);
    hi = Math.min(1, hi);
  }
  return [lo, hi];
}

export interface Frame {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** Opens an SVG with an accessible name; `desc` says in words what the chart shows. */
export function svgOpen(frame: Frame, title: string, desc: string, cls: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart ${esc(cls)}" viewBox="0 0 ${frame.width} ${frame.height}" ` +
    `width="${frame.width}" height="${frame.height}" role="img" aria-label="${esc(title)}">` +
    `<title>${esc(title)}</title><desc>${esc(desc)}</desc>`
  );
}

export function text(x: number, y: number, content: string, attrs = ''): string {
  return `<text x="${num(x)}" y="${num(y)}"${attrs ? ' ' + attrs : ''}>${esc(content)}</text>`;
}

/** Horizontal grid lines with y tick labels on the left (or right) edge of the plot area. */
export function yAxis(frame: Frame, y: Scale, format: ValueFormat, side: 'left' | 'right' = 'left'): string {
  const parts: string[] = [];
  for (const t of ticks(y.domain)) {
    const py = y(t);
    if (side === 'left') {
      parts.push(`<line class="grid" x1="${frame.left}" x2="${frame.width - frame.right}" y1="${num(py)}" y2="${num(py)}"/>`);
      parts.push(text(frame.left - 4, py + 3.5, formatValue(t, format), 'class="tick" text-anchor="end"'));
    } else {
      parts.push(text(frame.width - frame.right + 4, py + 3.5, formatValue(t, format), 'class="tick"'));
    }
  }
  return parts.join('');
}

/** Where the i-th of n categories sits: centred in its slot, so edge labels stay inside the chart. */
export function categoryX(frame: Frame, n: number): (i: number) => number {
  const plotW = frame.width - frame.left - frame.right;
  return (i) => frame.left + ((i + 0.5) / Math.max(1, n)) * plotW;
}

/** Whether category labels must be slanted to fit side by side. */
export function slantLabels(frame: Frame, labels: string[]): boolean {
  const slot = (frame.width - frame.left - frame.right) / Math.max(1, labels.length);
  return labels.some((l) => Math.min(l.length, 14) * 6 > slot);
}

/** Extra bottom margin slanted labels need. */
export const SLANT_MARGIN = 58;

/**
 * Category labels under the x axis, slanted when they do not fit side by side; long labels are
 * shortened, the full label is in the <title>.
 */
export function xCategoryAxis(frame: Frame, labels: string[], x: (i: number) => number, slant: boolean): string {
  const y = frame.height - frame.bottom + 12;
  return labels
    .map((label, i) => {
      const short = label.length > 14 ? label.slice(0, 13) + '…' : label;
      const px = num(x(i));
      const attrs = slant
        ? `x="${px}" y="${y}" text-anchor="end" transform="rotate(-40 ${px} ${y})"`
        : `x="${px}" y="${y}" text-anchor="middle"`;
      return `<text class="tick" ${attrs}><title>${esc(label)}</title>${esc(short)}</text>`;
    })
    .join('');
}

/** Legend items laid out left to right, wrapping to new rows; returns the markup and the rows used. */
export function wrappedLegend(
  items: { name: string; draw: (x: number, y: number) => string }[],
  left: number,
  width: number,
  top: number,
): { svg: string; rows: number } {
  let x = left;
  let row = 0;
  const parts: string[] = [];
  for (const item of items) {
    const w = 22 + Math.min(item.name.length, 48) * 5.8;
    if (x + w > left + width && x > left) {
      row += 1;
      x = left;
    }
    const y = top + row * 14;
    parts.push(item.draw(x, y));
    parts.push(text(x + 17, y + 4, item.name, 'class="legend"'));
    x += w;
  }
  return { svg: parts.join(''), rows: items.length ? row + 1 : 0 };
}

/** Legend of series (marker shape + colour + name), wrapped to the plot width. */
export function seriesLegend(names: string[], left: number, width: number, top: number): { svg: string; rows: number } {
  return wrappedLegend(
    names.map((name, i) => ({ name, draw: (x: number, y: number) => marker(i, x + 6, y, colour(i), name, 'key') })),
    left,
    width,
    top,
  );
}

/** A polyline path through points, broken where a point is missing. */
export function pathThrough(points: ([number, number] | null)[]): string {
  let d = '';
  let pen = false;
  for (const p of points) {
    if (!p) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${num(p[0])} ${num(p[1])}`;
    pen = true;
  }
  return d;
}

/** Closed band between lower and upper bounds, one polygon per unbroken run of points. */
export function bandPaths(points: ({ x: number; lo: number; hi: number } | null)[]): string[] {
  const runs: { x: number; lo: number; hi: number }[][] = [];
  let current: { x: number; lo: number; hi: number }[] = [];
  for (const p of points) {
    if (p) current.push(p);
    else if (current.length) {
      runs.push(current);
      current = [];
    }
  }
  if (current.length) runs.push(current);
  return runs.map((run) => {
    if (run.length === 1) {
      const p = run[0]!;
      return `M${num(p.x - 3)} ${num(p.hi)}L${num(p.x + 3)} ${num(p.hi)}L${num(p.x + 3)} ${num(p.lo)}L${num(p.x - 3)} ${num(p.lo)}Z`;
    }
    const upper = run.map((p, i) => `${i ? 'L' : 'M'}${num(p.x)} ${num(p.hi)}`).join('');
    const lower = [...run].reverse().map((p) => `L${num(p.x)} ${num(p.lo)}`).join('');
    return upper + lower + 'Z';
  });
}
