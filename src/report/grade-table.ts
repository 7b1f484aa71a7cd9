import { FaultError } from '../errors.js';
import type { Db } from '../store/db.js';
import {
  GRADE_FIELD_SEP, GRADE_RECORD_SEP, reportGradeChunk, reportGradeRows, type ReportGradeKind,
} from '../store/report-queries.js';
import { MAX_OUTCOMES_PER_GRADER } from './outcome-codes.js';
import type { ReplyGrid } from './reply-grid.js';

/** Ids further apart than this start a new range query (ids of other experiments in between are skipped). */
const GAP = 1024;
/** Ids per range query: one query stays well under 100 ms and its packed string around 1.5 MB. */
const SPAN = 16_384;
const STATUSES = new Set(['scored', 'error', 'not_applicable']);

/**
 * Every grade of the grid's replies: per grader, one 16-bit outcome ("kind") per slot (0 = no grade),
 * and the distinct kinds seen. A grader with more distinct scored outcomes than the explorer can code
 * (MAX_OUTCOMES_PER_GRADER) stops being recorded: it will be left out of the explorer anyway.
 */
export class GradeTable {
  readonly kinds: ReportGradeKind[] = [];
  /** Per grader, kind index + 1 per slot. */
  readonly byGrader = new Map<string, Uint16Array>();
  private readonly rawKinds = new Map<string, number>();
  private readonly canonical = new Map<string, number>();
  private readonly scoredPerGrader = new Map<string, number>();
  /** Graders found continuous, with the number of kinds known when they were. */
  private readonly continuous = new Map<string, number>();

  constructor(private readonly slots: number) {}

  /** Records a grade (nothing for a continuous grader). */
  set(slot: number, grader: string, status: string, label: string | null, score: number | null): void {
    const kind = this.kindOf(grader, status, label, score);
    if (kind >= 0) this.column(grader)[slot] = kind + 1;
  }

  /** Kind of a packed record's fields (`grader␟status␟score␟label`), or −1 for a continuous grader. */
  kindOfPacked(raw: string): number {
    const known = this.rawKinds.get(raw);
    if (known !== undefined) return known;
    if (this.continuous.size > 0 && this.continuous.has(raw.slice(0, raw.indexOf(GRADE_FIELD_SEP)))) return -1;
    const f = raw.split(GRADE_FIELD_SEP);
    const [grader, status, scoreText] = [f[0]!, f[1]!, f[2]!];
    const score = scoreText === '' ? null : Number(scoreText);
    if (f.length < 4 || !STATUSES.has(status) || (score !== null && !Number.isFinite(score))) {
      throw new PackedGradeMismatch(`unreadable packed grade record: ${JSON.stringify(raw.slice(0, 80))}`);
    }
    const labelText = f.slice(3).join(GRADE_FIELD_SEP);
    const kind = this.kindOf(grader, status, labelText === '' ? null : labelText, score);
    // Continuous graders' values are not cached: there may be as many as there are grades.
    if (kind >= 0) this.rawKinds.set(raw, kind);
    return kind;
  }

  /**
   * Forgets the kinds learnt after the first `count` (and what they implied): a range whose packed
   * string turned out unreadable may have taught kinds that do not exist.
   */
  rollback(count: number): void {
    if (this.kinds.length === count && ![...this.continuous.values()].some((at) => at >= count)) return;
    this.kinds.length = count;
    for (const [grader, at] of this.continuous) if (at >= count) this.continuous.delete(grader);
    for (const map of [this.rawKinds, this.canonical]) for (const [key, kind] of map) if (kind >= count) map.delete(key);
    this.scoredPerGrader.clear();
    for (const k of this.kinds) if (k.status === 'scored') this.scoredPerGrader.set(k.grader, (this.scoredPerGrader.get(k.grader) ?? 0) + 1);
  }

  column(grader: string): Uint16Array {
    let col = this.byGrader.get(grader);
    if (!col) {
      col = new Uint16Array(this.slots);
      this.byGrader.set(grader, col);
    }
    return col;
  }

  private kindOf(grader: string, status: string, label: string | null, score: number | null): number {
    if (this.continuous.has(grader)) return -1;
    const key = `${grader}\u0000${status}\u0000${label ?? ''}\u0000${score ?? ''}`;
    const known = this.canonical.get(key);
    if (known !== undefined) return known;
    if (status === 'scored') {
      const n = (this.scoredPerGrader.get(grader) ?? 0) + 1;
      this.scoredPerGrader.set(grader, n);
      // One more than the explorer codes is enough to know the grader is left out.
      if (n > MAX_OUTCOMES_PER_GRADER + 1) {
        this.continuous.set(grader, this.kinds.length);
        return -1;
      }
    }
    const kind = this.kinds.length;
    if (kind >= 0xffff) throw new FaultError('report: more than 65,535 distinct grade outcomes');
    this.kinds.push({ grader, status, label, score });
    this.canonical.set(key, kind);
    return kind;
  }
}

class PackedGradeMismatch extends Error {}

/**
 * Reads the grades of every reply in the grid by primary-key ranges of `grades` (no join, no per-grade
 * row object), in ascending id order merged against the grid's sorted ids.
 */
export function readGrades(db: Db, grid: ReplyGrid): GradeTable {
  const table = new GradeTable(grid.size);
  const ids = grid.sortedIds;
  let start = 0;
  while (start < ids.length) {
    let end = start + 1;
    while (end < ids.length && ids[end]! - ids[end - 1]! <= GAP && ids[end]! - ids[start]! < SPAN) end++;
    const known = table.kinds.length;
    try {
      readPacked(db, grid, table, start, end);
    } catch (err) {
      if (!(err instanceof PackedGradeMismatch)) throw err;
      // A grader name or label holding a separator: this range is read again row by row.
      table.rollback(known);
      for (const col of table.byGrader.values()) for (let i = start; i < end; i++) col[grid.sortedSlots[i]!] = 0;
      readRows(db, grid, table, start, end);
    }
    start = end;
  }
  return table;
}

function readPacked(db: Db, grid: ReplyGrid, table: GradeTable, start: number, end: number): void {
  const ids = grid.sortedIds;
  const { packed, count } = reportGradeChunk(db, ids[start]!, ids[end - 1]!);
  if (packed === null) return;
  const RS = GRADE_RECORD_SEP;
  const L = packed.length;
  let j = start;
  let records = 0;
  let lastGrader = '';
  let lastCol: Uint16Array | undefined;
  for (let pos = 0; pos < L; ) {
    let id = 0;
    let c = packed.charCodeAt(pos++);
    for (; c !== 31; c = packed.charCodeAt(pos++)) {
      if (c < 48 || c > 57) throw new PackedGradeMismatch('packed grade record without a response id');
      id = id * 10 + (c - 48);
    }
    let stop = packed.indexOf(RS, pos);
    if (stop < 0) stop = L;
    records++;
    while (j < end && ids[j]! < id) j++;
    if (j < end && ids[j] === id) {
      const slot = grid.sortedSlots[j]!;
      const kind = table.kindOfPacked(packed.slice(pos, stop));
      // Of two replies merged into one slot, only the one the grid kept speaks for it.
      if (kind >= 0 && grid.ids[slot] === id) {
        const grader = table.kinds[kind]!.grader;
        if (grader !== lastGrader || !lastCol) {
          lastGrader = grader;
          lastCol = table.column(grader);
        }
        lastCol[slot] = kind + 1;
      }
    }
    pos = stop + 1;
  }
  if (records !== count) throw new PackedGradeMismatch(`${records} packed grade records for ${count} grades`);
}

function readRows(db: Db, grid: ReplyGrid, table: GradeTable, start: number, end: number): void {
  const ids = grid.sortedIds;
  let j = start;
  for (const [id, grader, status, label, score] of reportGradeRows(db, ids[start]!, ids[end - 1]!)) {
    while (j < end && ids[j]! < id) j++;
    if (j >= end || ids[j] !== id) continue;
    const slot = grid.sortedSlots[j]!;
    if (grid.ids[slot] === id) table.set(slot, grader, status, label, score);
  }
}
