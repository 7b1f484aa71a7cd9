import {
  colour, esc, formatValue, linearScale, marker, num, pathThrough, svgOpen, text, ticks, valueDomain,
  wrappedLegend, yAxis, type Frame, type ValueFormat,
} from './svg.js';

export interface StepPoint {
  step: number;
  y: number;
}

export interface StepBandPoint extends StepPoint {
  lo: number | null;
  hi: number | null;
  /** The checkpoint's candidate name, shown in the point's tooltip. */
  label: string;
}

export interface DualAxisSpec {
  title: string;
  /** Left axis: training and validation loss curves. */
  loss: { name: string; points: StepPoint[] }[];
  /** Right axis: risk metrics measured at each checkpoint (all in one format). */
  risk: { name: string; points: StepBandPoint[] }[];
  riskFormat: ValueFormat;
  /** Step where the loss-risk-divergence signal says loss and risk part ways; null if none. */
  divergenceStep: number | null;
  width?: number;
  height?: number;
}

/**
 * Loss on the left axis, risk metrics on the right, both over training steps: falling loss next to
 * falling (or jittering) risk is signal 4 of the design, and the divergence step is marked.
 */
export function dualAxisChart(spec: DualAxisSpec): string {
  const width = spec.width ?? 520;
  const legendRows = dualLegend(spec, 46, width - 92, 0).rows;
  const bottom = 36 + legendRows * 14;
  const frame: Frame = { width, height: (spec.height ?? 220) + legendRows * 14, left: 46, right: 46, top: 24, bottom };
  const steps = [
    ...spec.loss.flatMap((s) => s.points.map((p) => p.step)),
    ...spec.risk.flatMap((s) => s.points.map((p) => p.step)),
    ...(spec.divergenceStep === null ? [] : [spec.divergenceStep]),
  ];
  const x0 = steps.length ? Math.min(...steps) : 0;
  const x1 = steps.length ? Math.max(...steps) : 1;
  const x = linearScale([x0, x1 > x0 ? x1 : x0 + 1], [frame.left, frame.width - frame.right]);
  const lossValues = spec.loss.flatMap((s) => s.points.map((p) => p.y));
  const yl = linearScale(valueDomain(lossValues, 'num'), [frame.height - frame.bottom, frame.top]);
  const riskValues = spec.risk.flatMap((s) => s.points.flatMap((p) => [p.y, p.lo ?? p.y, p.hi ?? p.y]));
  const yr = linearScale(valueDomain(riskValues, spec.riskFormat), [frame.height - frame.bottom, frame.top]);

  const parts: string[] = [svgOpen(frame, spec.title, describe(spec), 'dual-axis')];
  parts.push(yAxis(frame, yl, 'num', 'left'));
  parts.push(yAxis(frame, yr, spec.riskFormat, 'right'));
  for (const t of ticks(x.domain, 5)) {
    parts.push(text(x(t), frame.height - frame.bottom + 13, formatStep(t), 'class="tick" text-anchor="middle"'));
  }
  parts.push(text((frame.left + frame.width - frame.right) / 2, frame.height - frame.bottom + 26, 'training step', 'class="axis-label" text-anchor="middle"'));
  parts.push(text(4, 12, 'loss', 'class="axis-label"'));
  parts.push(text(frame.width - 4, 12, 'risk metric', 'class="axis-label" text-anchor="end"'));

  // Loss curves: grey shades with dash patterns, so they read as "the other axis" next to risk colours.
  spec.loss.forEach((s, i) => {
    const d = pathThrough(s.points.map((p) => [x(p.step), yl(p.y)]));
    const dash = i === 0 ? '' : ' stroke-dasharray="5 3"';
    parts.push(`<path class="line loss" d="${d}" stroke="#555" fill="none" stroke-width="1.4"${dash}><title>${esc(s.name)}</title></path>`);
  });
  spec.risk.forEach((s, si) => {
    const c = colour(si);
    const pts = [...s.points].sort((a, b) => a.step - b.step);
    parts.push(`<path class="line risk" d="${pathThrough(pts.map((p) => [x(p.step), yr(p.y)]))}" stroke="${c}" fill="none" stroke-width="1.8"/>`);
    for (const p of pts) {
      if (p.lo !== null && p.hi !== null) {
        parts.push(`<line class="ci" x1="${num(x(p.step))}" x2="${num(x(p.step))}" y1="${num(yr(p.lo))}" y2="${num(yr(p.hi))}" stroke="${c}"/>`);
      }
      const ci = p.lo !== null && p.hi !== null ? ` (95% CI ${formatValue(p.lo, spec.riskFormat)}–${formatValue(p.hi, spec.riskFormat)})` : '';
      parts.push(marker(si, x(p.step), yr(p.y), c, `${s.name} at step ${p.step} (${p.label}): ${formatValue(p.y, spec.riskFormat)}${ci}`));
    }
  });
  if (spec.divergenceStep !== null) {
    const dx = x(spec.divergenceStep);
    parts.push(`<line class="divergence" x1="${num(dx)}" x2="${num(dx)}" y1="${frame.top}" y2="${frame.height - frame.bottom}" stroke="#B00020" stroke-width="1.5" stroke-dasharray="4 3"/>`);
    const anchor = dx > frame.width * 0.6 ? 'end' : 'start';
    parts.push(text(dx + (anchor === 'end' ? -4 : 4), frame.top + 10, `divergence from step ${spec.divergenceStep}`, `class="divergence-label" text-anchor="${anchor}"`));
  }
  parts.push(dualLegend(spec, frame.left, frame.width - frame.left - frame.right, frame.height - legendRows * 14 + 2).svg);
  parts.push('</svg>');
  return parts.join('');
}

function dualLegend(spec: DualAxisSpec, left: number, width: number, top: number): { svg: string; rows: number } {
  const items = [
    ...spec.loss.map((s, i) => ({
      name: `${s.name} (left axis)`,
      draw: (x: number, y: number) =>
        `<line class="key" x1="${num(x)}" x2="${num(x + 14)}" y1="${num(y)}" y2="${num(y)}" stroke="#555" stroke-width="2"${i > 0 ? ' stroke-dasharray="5 3"' : ''}/>`,
    })),
    ...spec.risk.map((s, i) => ({
      name: `${s.name} (right axis)`,
      draw: (x: number, y: number) => marker(i, x + 7, y, colour(i), s.name, 'key'),
    })),
  ];
  return wrappedLegend(items, left, width, top);
}

function formatStep(step: number): string {
  return step >= 10000 ? `${(step / 1000).toFixed(0)}k` : String(Math.round(step));
}

function describe(spec: DualAxisSpec): string {
  const risk = spec.risk
    .map((s) => `${s.name}: ${s.points.map((p) => `step ${p.step} ${formatValue(p.y, spec.riskFormat)}`).join(', ')}`)
    .join('; ');
  const loss = spec.loss
    .map((s) => {
      const first = s.points[0];
      const last = s.points[s.points.length - 1];
      return first && last ? `${s.name} from ${formatValue(first.y, 'num')} at step ${first.step} to ${formatValue(last.y, 'num')} at step ${last.step}` : `${s.name}: no points`;
    })
    .join('; ');
  const div = spec.divergenceStep === null ? 'no divergence step' : `divergence from step ${spec.divergenceStep}`;
  return `${loss}. ${risk}. ${div}.`;
}
