import {
  colour, esc, formatValue, linearScale, marker, num, svgOpen, text, ticks, valueDomain, type Frame, type ValueFormat,
} from './svg.js';

export interface StripRow {
  /** The configuration (its parameters without seed). */
  label: string;
  /** One value per seed replicate. */
  seeds: { name: string; y: number }[];
}

export interface StripSpec {
  title: string;
  format: ValueFormat;
  rows: StripRow[];
  width?: number;
}

export interface SpreadSummary {
  /** Largest max−min between seeds of one configuration. */
  maxSeedSpread: number | null;
  /** max−min of the configuration means. */
  betweenConfigurations: number | null;
}

/** The two numbers the strip plot puts side by side (signal 2: "it was probably the seed"). */
export function spreadSummary(rows: StripRow[]): SpreadSummary {
  const spreads = rows.filter((r) => r.seeds.length > 1).map((r) => range(r.seeds.map((s) => s.y)));
  const means = rows.filter((r) => r.seeds.length > 0).map((r) => mean(r.seeds.map((s) => s.y)));
  return {
    maxSeedSpread: spreads.length ? Math.max(...spreads) : null,
    betweenConfigurations: means.length > 1 ? range(means) : null,
  };
}

/**
 * Seeds of each configuration as dots on one row, their mean as a bar, and the range of
 * configuration means as a shaded band across all rows: when a row's dots spread as wide as the
 * band, the differences between configurations are within seed noise.
 */
export function stripChart(spec: StripSpec): string {
  const rowH = 22;
  const frame: Frame = { width: spec.width ?? 440, height: 14 + rowH * spec.rows.length + 50, left: 170, right: 14, top: 10, bottom: 50 };
  const values = spec.rows.flatMap((r) => r.seeds.map((s) => s.y));
  const x = linearScale(valueDomain(values, spec.format), [frame.left, frame.width - frame.right]);
  const rowY = (i: number): number => frame.top + rowH * i + rowH / 2;
  const summary = spreadSummary(spec.rows);
  const desc = `${spec.rows.length} configurations. Largest seed spread ${fmt(summary.maxSeedSpread, spec.format)}; ` +
    `range between configuration means ${fmt(summary.betweenConfigurations, spec.format)}.`;

  const parts: string[] = [svgOpen(frame, spec.title, desc, 'strip')];
  const means = spec.rows.filter((r) => r.seeds.length).map((r) => mean(r.seeds.map((s) => s.y)));
  const plotBottom = frame.top + rowH * spec.rows.length;
  if (means.length > 1) {
    const lo = x(Math.min(...means));
    const hi = x(Math.max(...means));
    parts.push(`<rect class="between" x="${num(lo)}" y="${frame.top}" width="${num(Math.max(1, hi - lo))}" height="${rowH * spec.rows.length}" fill="#E69F00" fill-opacity="0.18"><title>${esc(`range of configuration means: ${fmt(summary.betweenConfigurations, spec.format)}`)}</title></rect>`);
  }
  for (const t of ticks(x.domain, 5)) {
    parts.push(`<line class="grid" x1="${num(x(t))}" x2="${num(x(t))}" y1="${frame.top}" y2="${plotBottom}"/>`);
    parts.push(text(x(t), plotBottom + 13, formatValue(t, spec.format), 'class="tick" text-anchor="middle"'));
  }
  spec.rows.forEach((row, i) => {
    const cy = rowY(i);
    const short = row.label.length > 28 ? row.label.slice(0, 27) + '…' : row.label;
    parts.push(`<text class="row-label" x="${frame.left - 6}" y="${num(cy + 4)}" text-anchor="end"><title>${esc(row.label)}</title>${esc(short)}</text>`);
    if (row.seeds.length === 0) return;
    const ys = row.seeds.map((s) => s.y);
    if (row.seeds.length > 1) {
      parts.push(`<line class="seed-range" x1="${num(x(Math.min(...ys)))}" x2="${num(x(Math.max(...ys)))}" y1="${num(cy)}" y2="${num(cy)}" stroke="#0072B2" stroke-width="1.2"/>`);
    }
    const m = mean(ys);
    parts.push(`<line class="mean" x1="${num(x(m))}" x2="${num(x(m))}" y1="${num(cy - 7)}" y2="${num(cy + 7)}" stroke="#000" stroke-width="2"><title>${esc(`${row.label}: mean ${formatValue(m, spec.format)} over ${row.seeds.length} seed(s)`)}</title></line>`);
    for (const s of row.seeds) parts.push(marker(0, x(s.y), cy, colour(0), `${s.name}: ${formatValue(s.y, spec.format)}`));
  });
  parts.push(text(8, frame.height - 22, `widest seed spread: ${fmt(summary.maxSeedSpread, spec.format)}`, 'class="note"'));
  parts.push(text(8, frame.height - 8, `range of configuration means: ${fmt(summary.betweenConfigurations, spec.format)}`, 'class="note"'));
  parts.push('</svg>');
  return parts.join('');
}

function fmt(v: number | null, format: ValueFormat): string {
  if (v === null) return 'n/a';
  return format === 'pct' ? `${(v * 100).toFixed(1)} pts` : formatValue(v, 'num');
}

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

function range(xs: number[]): number {
  return Math.max(...xs) - Math.min(...xs);
}
