import type { Db } from '../store/db.js';
import { reportReplySlots, SLOT_KEY_SHIFT } from '../store/report-queries.js';

/** What a slot of the grid holds. */
export const SlotState = { NotRun: 0, Reply: 1, Failed: 2 } as const;

/**
 * Where every stored reply of the experiment sits in the explorer's grid of candidate × probe × sample
 * slots, in typed arrays sized by the experiment (no object per reply): slot = (c × P + p) × k + s.
 */
export class ReplyGrid {
  readonly size: number;
  /** Response id of each slot, 0 when nothing is stored there. */
  readonly ids: Float64Array;
  readonly state: Uint8Array;
  /** Every slot's response id in ascending order, with its slot: grades are read by id range. */
  sortedIds: Float64Array = new Float64Array(0);
  sortedSlots: Int32Array = new Int32Array(0);

  constructor(readonly candidates: number, readonly probes: number, readonly samples: number) {
    this.size = candidates * probes * samples;
    this.ids = new Float64Array(this.size);
    this.state = new Uint8Array(this.size);
  }

  slot(c: number, p: number, s: number): number {
    return (c * this.probes + p) * this.samples + s;
  }

  /** Replies (not failed requests) stored in the grid. */
  replyCount(): number {
    let n = 0;
    for (let i = 0; i < this.size; i++) if (this.state[i] === SlotState.Reply) n++;
    return n;
  }
}

/**
 * Reads the grid from the store: one pass over each candidate's (id, probe, sample, failed) from the
 * covering index. Rows of probes the explorer does not show, or samples beyond `samples`, are left
 * out; when merged set versions put two replies in one slot, the later reply (higher id) wins.
 */
export function readReplyGrid(
  db: Db,
  candidateIds: readonly number[],
  probes: { count: number; indexOfRow: ReadonlyMap<number, number> },
  samples: number,
): ReplyGrid {
  const { indexOfRow } = probes;
  const grid = new ReplyGrid(candidateIds.length, probes.count, samples);
  const columns = candidateIds.map((candidateId) => reportReplySlots(db, candidateId));
  const rows = columns.reduce((n, col) => n + col.ids.length, 0);
  const ids = new Float64Array(rows);
  const slots = new Int32Array(rows);
  let n = 0;
  columns.forEach((col, c) => {
    for (let i = 0; i < col.ids.length; i++) {
      const key = col.keys[i]!;
      const probeRow = Math.floor(key / SLOT_KEY_SHIFT);
      const rest = key - probeRow * SLOT_KEY_SHIFT;
      const sample = rest >>> 1;
      const p = indexOfRow.get(probeRow);
      if (p === undefined || sample >= samples) continue;
      const slot = grid.slot(c, p, sample);
      const id = col.ids[i]!;
      if (grid.ids[slot]! > id) continue;
      grid.ids[slot] = id;
      grid.state[slot] = rest & 1 ? SlotState.Reply : SlotState.Failed;
      ids[n] = id;
      slots[n] = slot;
      n++;
    }
  });
  const sorted = sortById(ids.subarray(0, n), slots.subarray(0, n));
  grid.sortedIds = sorted.ids;
  grid.sortedSlots = sorted.slots;
  return grid;
}

/**
 * (id, slot) pairs in ascending id order. Ids of one experiment are usually dense (its replies were
 * written together), so they are placed by offset from the smallest in one pass; scattered ids are
 * sorted by comparison.
 */
export function sortById(ids: Float64Array, slots: Int32Array): { ids: Float64Array; slots: Int32Array } {
  const n = ids.length;
  if (n === 0) return { ids: new Float64Array(0), slots: new Int32Array(0) };
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    lo = Math.min(lo, ids[i]!);
    hi = Math.max(hi, ids[i]!);
  }
  const outIds = new Float64Array(n);
  const outSlots = new Int32Array(n);
  if (hi - lo <= 4 * n + 1024) {
    // Ids are unique: each offset holds at most one pair.
    const at = new Int32Array(hi - lo + 1).fill(-1);
    for (let i = 0; i < n; i++) at[ids[i]! - lo] = i;
    let k = 0;
    for (let o = 0; o < at.length; o++) {
      const i = at[o]!;
      if (i < 0) continue;
      outIds[k] = ids[i]!;
      outSlots[k++] = slots[i]!;
    }
  } else {
    const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => ids[x]! - ids[y]!);
    order.forEach((i, k) => {
      outIds[k] = ids[i]!;
      outSlots[k] = slots[i]!;
    });
  }
  return { ids: outIds, slots: outSlots };
}
