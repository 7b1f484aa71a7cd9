import {
  bandPaths, categoryX, colour, formatValue, linearScale, marker, pathThrough, slantLabels, SLANT_MARGIN,
  seriesLegend, svgOpen, text, valueDomain, xCategoryAxis, yAxis, type Frame, type ValueFormat,
} from './svg.js';

/** One value with its 95% interval (bounds null when the metric has none). */
export interface BandPoint {
  y: number;
  lo: number | null;
  hi: number | null;
}

export interface BandSeries {
  name: string;
  /** Aligned with the chart's x labels; null where the series has no value. */
  points: (BandPoint | null)[];
}

export interface LineBandSpec {
  title: string;
  /** Iterations or checkpoints, in the order they were tried. */
  xLabels: string[];
  series: BandSeries[];
  format: ValueFormat;
  width?: number;
  height?: number;
  /** Title under the x axis (e.g. the parameter name). */
  xTitle?: string;
  /** Draw lines across missing points (ordinal parameter values) instead of breaking them. */
  connectGaps?: boolean;
  /** CSS class of the chart (several chart kinds reuse this drawing). */
  cls?: string;
}

/**
 * A line per series across iterations with its 95% interval drawn as a band: one panel of the
 * per-category small multiples. A reader sees at once whether a step up leaves the band.
 */
export function lineBandChart(spec: LineBandSpec): string {
  const withLegend = spec.series.length > 1;
  const width = spec.width ?? 320;
  const probe: Frame = { width, height: 0, left: 44, right: 10, top: 0, bottom: 0 };
  const slant = slantLabels(probe, spec.xLabels);
  const leg = withLegend ? seriesLegend(spec.series.map((s) => s.name), 44, width - 54, 8) : { svg: '', rows: 0 };
  const bottom = (slant ? SLANT_MARGIN : 22) + (spec.xTitle ? 14 : 0);
  const top = 10 + leg.rows * 14;
  const frame: Frame = { width, height: (spec.height ?? 170) + bottom + top - 32, left: 44, right: 10, top, bottom };
  const all = spec.series.flatMap((s) =>
    s.points.flatMap((p) => (p ? [p.y, p.lo ?? p.y, p.hi ?? p.y] : [])),
  );
  const y = linearScale(valueDomain(all, spec.format), [frame.height - frame.bottom, frame.top]);
  const x = categoryX(frame, spec.xLabels.length);

  const parts: string[] = [svgOpen(frame, spec.title, describe(spec), spec.cls ?? 'line-bands')];
  parts.push(yAxis(frame, y, spec.format));
  parts.push(xCategoryAxis(frame, spec.xLabels, x, slant));
  if (spec.xTitle) {
    parts.push(text((frame.left + frame.width - frame.right) / 2, frame.height - 3, spec.xTitle, 'class="axis-label" text-anchor="middle"'));
  }
  spec.series.forEach((s, si) => {
    const c = colour(si);
    const band = s.points.map((p, i) =>
      p && p.lo !== null && p.hi !== null ? { x: x(i), lo: y(p.lo), hi: y(p.hi) } : null,
    );
    for (const d of bandPaths(band)) parts.push(`<path class="band" d="${d}" fill="${c}" fill-opacity="0.16"/>`);
    const coords = s.points.map((p, i): [number, number] | null => (p ? [x(i), y(p.y)] : null));
    const line = pathThrough(spec.connectGaps ? coords.filter((c) => c !== null) : coords);
    if (line) parts.push(`<path class="line" d="${line}" stroke="${c}" fill="none" stroke-width="1.6"/>`);
    s.points.forEach((p, i) => {
      if (!p) return;
      parts.push(marker(si, x(i), y(p.y), c, pointTitle(s.name, spec.xLabels[i] ?? '', p, spec.format)));
    });
  });
  parts.push(leg.svg);
  parts.push('</svg>');
  return parts.join('');
}

function pointTitle(series: string, x: string, p: BandPoint, format: ValueFormat): string {
  const ci = p.lo !== null && p.hi !== null ? ` (95% CI ${formatValue(p.lo, format)}–${formatValue(p.hi, format)})` : '';
  return `${series} · ${x}: ${formatValue(p.y, format)}${ci}`;
}

function describe(spec: LineBandSpec): string {
  return spec.series
    .map((s) => {
      const vals = s.points.map((p, i) => (p ? `${spec.xLabels[i]} ${formatValue(p.y, spec.format)}` : null));
      return `${s.name}: ${vals.filter((v) => v !== null).join(', ')}`;
    })
    .join('; ');
}
