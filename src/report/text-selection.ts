import { packJson, packJsonOnce } from './pack.js';
import { SlotState, type ReplyGrid } from './reply-grid.js';
import { NO_REPLY, NOT_EMBEDDED, readTexts, type EmbeddedTexts, type PairChanges, type TextsBetween } from './reply-texts.js';
import { truncate } from './text-budget.js';

/** Characters kept of each reply when only a selection fits: enough to read what the model did. */
export const SELECTION_CUT = 300;

/** Texts of the cells (candidate, probe) taken so far, deduplicated, each cut at SELECTION_CUT. */
class Selection {
  texts: string[] = [];
  cut: Record<string, number> = {};
  rawBytes = 0;
  private readonly index = new Map<string, number>();

  add(text: string): number {
    const kept = text.length > SELECTION_CUT ? truncate(text, SELECTION_CUT) : text;
    // A cut text is told apart by its original length too: two replies sharing their opening differ.
    const key = kept === text ? text : `${kept}\u0000${text.length}`;
    const known = this.index.get(key);
    if (known !== undefined) return known;
    const i = this.texts.length;
    this.texts.push(kept);
    this.index.set(key, i);
    if (kept !== text) this.cut[String(i)] = text.length;
    this.rawBytes += Buffer.byteLength(kept, 'utf8') + 3;
    return i;
  }
}

/**
 * The replies of the probes that changed between the named pairs, largest change first, the pairs
 * taking turns, each reply cut at SELECTION_CUT, until the packed texts fill `budgetBytes`.
 */
export function embedSelection(grid: ReplyGrid, between: TextsBetween, pairs: readonly PairChanges[], budgetBytes: number, total: number): EmbeddedTexts {
  const cells = cellOrder(grid, pairs);
  const k = grid.samples;
  // Texts are read cell by cell (64 cells per batch of reads) until their packed size, estimated from
  // the first ~256 KB (packing after every reply would cost more than reading them), nears the budget.
  const read = new Selection();
  const readAt = new Int32Array(grid.size).fill(NO_REPLY);
  let ratio: number | null = null;
  let taken = 0;
  let batch = new Map<number, string | null>();
  for (; taken < cells.length; taken++) {
    if (ratio !== null && read.rawBytes * ratio > 0.97 * budgetBytes) break;
    if (taken % 64 === 0) {
      const ids = cells.slice(taken, taken + 64).flatMap((cell) => replyIds(grid, cell));
      batch = readTexts(between, ids);
    }
    const base = cells[taken]! * k;
    for (let s = 0; s < k; s++) {
      if (grid.state[base + s] !== SlotState.Reply) continue;
      const text = batch.get(grid.ids[base + s]!) ?? null;
      if (text !== null) readAt[base + s] = read.add(text);
    }
    if (ratio === null && read.rawBytes > 262_144) ratio = packJson(read.texts).length / read.rawBytes;
  }
  // The estimate may still overshoot: keep fewer cells (nothing read again) until the packed texts fit.
  const keep = (count: number): { replies: Int32Array; texts: string[]; cut: Record<string, number>; count: number } => {
    const replies = new Int32Array(grid.size);
    for (let i = 0; i < grid.size; i++) replies[i] = grid.state[i] === SlotState.Reply ? NOT_EMBEDDED : NO_REPLY;
    const remap = new Int32Array(read.texts.length).fill(-1);
    const texts: string[] = [];
    const cut: Record<string, number> = {};
    for (let c = 0; c < count; c++) {
      for (let slot = cells[c]! * k, end = slot + k; slot < end; slot++) {
        const i = readAt[slot]!;
        if (grid.state[slot] !== SlotState.Reply) continue;
        if (i < 0) {
          replies[slot] = NO_REPLY;
          continue;
        }
        if (remap[i]! < 0) {
          remap[i] = texts.length;
          const length = read.cut[String(i)];
          if (length !== undefined) cut[String(texts.length)] = length;
          texts.push(read.texts[i]!);
        }
        replies[slot] = remap[i]!;
      }
    }
    return { replies, texts, cut, count };
  };
  let kept = keep(taken);
  let size = packJsonOnce(kept.texts).length;
  while (size > budgetBytes && kept.count > 0) {
    kept = keep(Math.floor(kept.count * Math.min(0.95, budgetBytes / size)));
    size = packJsonOnce(kept.texts).length;
  }
  const { replies } = kept;
  const embedded = replies.reduce((n, r) => (r >= 0 ? n + 1 : n), 0);
  const hasText = (c: number, p: number): boolean => {
    for (let s = 0; s < k; s++) if (replies[grid.slot(c, p, s)] === NOT_EMBEDDED) return false;
    return true;
  };
  return {
    replies,
    texts: kept.texts,
    full: {},
    truncation: { limit: SELECTION_CUT, cut: kept.cut, fullKept: false, overBudget: false },
    embedding: {
      all: false,
      embedded,
      total,
      pairs: pairs.map((pc) => ({
        a: pc.a, b: pc.b, why: pc.why, changed: pc.changes.length,
        withText: pc.changes.filter((ch) => hasText(pc.index.a, ch.p) && hasText(pc.index.b, ch.p)).length,
      })),
    },
  };
}

/** Response ids of the replies in a cell (c × P + p). */
function replyIds(grid: ReplyGrid, cell: number): number[] {
  const out: number[] = [];
  for (let slot = cell * grid.samples, end = slot + grid.samples; slot < end; slot++) {
    if (grid.state[slot] === SlotState.Reply) out.push(grid.ids[slot]!);
  }
  return out;
}

/** Cells (c × P + p) in the order their texts are taken: the pairs in turn, each its largest changes first. */
function cellOrder(grid: ReplyGrid, pairs: readonly PairChanges[]): number[] {
  const seen = new Uint8Array(grid.candidates * grid.probes);
  const out: number[] = [];
  const longest = Math.max(0, ...pairs.map((p) => p.changes.length));
  for (let rank = 0; rank < longest; rank++) {
    for (const pair of pairs) {
      const ch = pair.changes[rank];
      if (!ch) continue;
      for (const c of [pair.index.a, pair.index.b]) {
        const cell = c * grid.probes + ch.p;
        if (seen[cell]) continue;
        seen[cell] = 1;
        out.push(cell);
      }
    }
  }
  return out;
}
