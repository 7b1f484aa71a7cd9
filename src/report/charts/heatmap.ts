import { esc, num, svgOpen, type Frame } from './svg.js';

export interface RankCell {
  /** 1 = best in its column. */
  rank: number;
  /** The value behind the rank, already formatted (shown in the tooltip). */
  value: string;
}

export interface HeatmapSpec {
  title: string;
  rows: string[];
  columns: string[];
  /** cells[row][column]; null where the configuration has no value for that column. */
  cells: (RankCell | null)[][];
}

/**
 * Ranks of configurations per category: colour plus the rank number as text. Rank reversals (a
 * configuration best in one category and worst in another) show as rows that change colour.
 */
export function rankHeatmap(spec: HeatmapSpec): string {
  const cellW = 92;
  const cellH = 24;
  const frame: Frame = {
    width: 170 + cellW * spec.columns.length + 10, height: 64 + cellH * spec.rows.length + 8,
    left: 170, right: 10, top: 64, bottom: 8,
  };
  const maxRank = Math.max(1, ...spec.cells.flat().map((c) => c?.rank ?? 1));
  const desc = spec.rows
    .map((r, i) => `${r}: ${spec.columns.map((c, j) => `${c} rank ${spec.cells[i]?.[j]?.rank ?? 'n/a'}`).join(', ')}`)
    .join('; ');
  const parts: string[] = [svgOpen(frame, spec.title, desc, 'heatmap')];
  spec.columns.forEach((col, j) => {
    const cx = frame.left + cellW * j + cellW / 2;
    const [a, b] = splitLabel(col);
    parts.push(`<text class="col-label" x="${num(cx)}" y="${frame.top - 22}" text-anchor="middle"><title>${esc(col)}</title>${esc(a)}</text>`);
    if (b) parts.push(`<text class="col-label" x="${num(cx)}" y="${frame.top - 8}" text-anchor="middle">${esc(b)}</text>`);
  });
  spec.rows.forEach((row, i) => {
    const y = frame.top + cellH * i;
    const short = row.length > 26 ? row.slice(0, 25) + '…' : row;
    parts.push(`<text class="row-label" x="${frame.left - 6}" y="${num(y + cellH / 2 + 4)}" text-anchor="end"><title>${esc(row)}</title>${esc(short)}</text>`);
    spec.columns.forEach((col, j) => {
      const cell = spec.cells[i]?.[j] ?? null;
      const x = frame.left + cellW * j;
      if (!cell) {
        parts.push(`<rect class="cell empty" x="${x}" y="${y}" width="${cellW - 2}" height="${cellH - 2}" fill="#eee"><title>${esc(`${row} · ${col}: no value`)}</title></rect>`);
        parts.push(`<text class="cell-text" x="${num(x + cellW / 2)}" y="${num(y + cellH / 2 + 4)}" text-anchor="middle">–</text>`);
        return;
      }
      const t = maxRank === 1 ? 0 : (cell.rank - 1) / (maxRank - 1);
      const fill = rankColour(t);
      const ink = t < 0.45 ? '#fff' : '#000';
      parts.push(`<rect class="cell" x="${x}" y="${y}" width="${cellW - 2}" height="${cellH - 2}" fill="${fill}"><title>${esc(`${row} · ${col}: rank ${cell.rank} of ${maxRank} (${cell.value})`)}</title></rect>`);
      parts.push(`<text class="cell-text" x="${num(x + cellW / 2)}" y="${num(y + cellH / 2 + 4)}" text-anchor="middle" fill="${ink}">${cell.rank === 1 ? '★ ' : ''}${cell.rank}</text>`);
    });
  });
  parts.push('</svg>');
  return parts.join('');
}

/** Dark blue for rank 1 to pale yellow for the last rank (perceptually ordered, prints in grey). */
function rankColour(t: number): string {
  const from = [0x08, 0x30, 0x6b];
  const to = [0xff, 0xf7, 0xbc];
  const c = from.map((f, i) => Math.round(f + (to[i]! - f) * t));
  return `#${c.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

/** Metric names like `refusal.harmful_refusal_rate` split at the dot for a two-line header. */
function splitLabel(label: string): [string, string] {
  const dot = label.indexOf('.');
  if (dot < 0) return [label.slice(0, 16), ''];
  const tail = label.slice(dot + 1).replace(/_/g, ' ');
  return [label.slice(0, dot), tail.length > 18 ? tail.slice(0, 17) + '…' : tail];
}
