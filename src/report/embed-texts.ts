import { SlotState, type ReplyGrid } from './reply-grid.js';
import { NO_REPLY, readTexts, type EmbeddedTexts, type PairChanges, type TextsBetween } from './reply-texts.js';
import { compressionRatio, fitTexts, truncate, TRUNCATION_LIMITS } from './text-budget.js';
import { TextCollector } from './text-collector.js';
import { embedSelection } from './text-selection.js';

export { NO_REPLY, NOT_EMBEDDED, type EmbeddedTexts, type PairChanges } from './reply-texts.js';
export { SELECTION_CUT } from './text-selection.js';

/**
 * Puts reply texts into the page within `budgetBytes` (packed). Every reply when they fit, cut as
 * fitTexts decides; otherwise the replies of the probes that changed between the named pairs, largest
 * change first, taking the pairs in turn so each gets its share, each reply cut at SELECTION_CUT —
 * until the budget is full. Only the texts embedded (or tried) are read from the store.
 */
export function embedTexts(grid: ReplyGrid, between: TextsBetween, pairs: readonly PairChanges[], budgetBytes: number): EmbeddedTexts {
  const total = grid.replyCount();
  if (mayAllFit(grid, between, total, budgetBytes)) {
    const all = embedAll(grid, between, budgetBytes);
    if (!all.truncation.overBudget) return { ...all, embedding: { all: true, embedded: total, total, pairs: [] } };
  }
  return embedSelection(grid, between, pairs, budgetBytes, total);
}

/**
 * Whether every reply could fit at the shortest cut, judged from ~400 replies spread over the
 * experiment: reading every text of a million-reply store only to find it cannot fit is what a large
 * report cannot afford. Generous (dedup is not estimated), so a borderline store is tried in full.
 */
function mayAllFit(grid: ReplyGrid, between: TextsBetween, total: number, budgetBytes: number): boolean {
  const shortest = TRUNCATION_LIMITS[TRUNCATION_LIMITS.length - 1]!;
  const ids = grid.sortedIds;
  const step = Math.max(1, Math.floor(ids.length / 400));
  const picked: number[] = [];
  for (let j = 0; j < ids.length; j += step) if (grid.state[grid.sortedSlots[j]!] === SlotState.Reply) picked.push(ids[j]!);
  const sample: string[] = [];
  for (const text of readTexts(between, picked).values()) {
    if (text !== null) sample.push(text.length > shortest ? truncate(text, shortest) : text);
  }
  if (sample.length === 0) return true;
  const raw = sample.reduce((n, t) => n + Buffer.byteLength(t, 'utf8') + 3, 0);
  return (total * raw * compressionRatio(sample)) / sample.length <= 1.5 * budgetBytes;
}

function embedAll(grid: ReplyGrid, between: TextsBetween, budgetBytes: number): Omit<EmbeddedTexts, 'embedding'> {
  const replies = new Int32Array(grid.size).fill(NO_REPLY);
  const collected = new TextCollector(budgetBytes);
  const ids = grid.sortedIds;
  // In id order, a few thousand at a time: ranges of the primary key, as they were written.
  for (let from = 0; from < ids.length; from += 4096) {
    const to = Math.min(ids.length, from + 4096);
    const texts = readTexts(between, Array.from(ids.subarray(from, to)));
    for (let j = from; j < to; j++) {
      const slot = grid.sortedSlots[j]!;
      if (grid.state[slot] !== SlotState.Reply || grid.ids[slot] !== ids[j]) continue;
      const text = texts.get(ids[j]!) ?? null;
      if (text !== null) replies[slot] = collected.add(text);
    }
  }
  const fitted = fitTexts(collected.texts, budgetBytes, { lengths: collected.preCut, maxLimit: collected.maxLimit });
  return { replies, ...fitted };
}
