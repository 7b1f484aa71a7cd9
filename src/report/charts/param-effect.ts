import { lineBandChart } from './line-bands.js';
import type { ValueFormat } from './svg.js';

export interface ParamEffectSpec {
  metric: string;
  /** The parameter on the x axis and its values in order. */
  param: string;
  values: string[];
  /**
   * One line per value of another parameter (or a single line named "all" when there is none),
   * each point the mean over the configurations (and seeds) with those two values.
   */
  lines: { name: string; points: (number | null)[] }[];
  format: ValueFormat;
  width?: number;
}

/**
 * Metric by one parameter's value, one line per value of another parameter: parallel lines mean the
 * parameters act independently, crossing lines mean an interaction (signal 6: parameter coupling).
 */
export function paramEffectChart(spec: ParamEffectSpec): string {
  return lineBandChart({
    title: `${spec.metric} by ${spec.param}`,
    xLabels: spec.values,
    xTitle: spec.param,
    series: spec.lines.map((l) => ({
      name: l.name,
      points: l.points.map((y) => (y === null ? null : { y, lo: null, hi: null })),
    })),
    format: spec.format,
    width: spec.width ?? 300,
    height: 200,
    cls: 'param-effect',
    connectGaps: true,
  });
}
