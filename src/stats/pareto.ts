/**
 * Pareto front over several metrics with their own directions: an item is on the front when no
 * other item is at least as good on every metric and strictly better on one.
 */
export type Better = 'higher' | 'lower';

export interface ParetoItem {
  id: string;
  /** One value per metric, in the order of `directions`. */
  values: readonly number[];
}

/** Whether `a` dominates `b`: at least as good everywhere, strictly better somewhere. */
export function dominates(a: readonly number[], b: readonly number[], directions: readonly Better[]): boolean {
  if (a.length !== directions.length || b.length !== directions.length) {
    throw new RangeError(`dominates: ${directions.length} directions but ${a.length} and ${b.length} values`);
  }
  let strictly = false;
  for (let k = 0; k < directions.length; k++) {
    const diff = directions[k] === 'higher' ? a[k]! - b[k]! : b[k]! - a[k]!;
    if (diff < 0) return false;
    if (diff > 0) strictly = true;
  }
  return strictly;
}

/** Ids of the non-dominated items, in input order. */
export function paretoFront(items: readonly ParetoItem[], directions: readonly Better[]): string[] {
  return items
    .filter((candidate) => !items.some((other) => other !== candidate && dominates(other.values, candidate.values, directions)))
    .map((item) => item.id);
}
