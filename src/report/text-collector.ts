import { TRUNCATION_LIMITS } from './text-budget.js';

/**
 * Collects the deduplicated reply texts of the explorer as they stream in, with memory bounded by
 * the page's text budget rather than by the number of replies: once the texts kept would be far
 * beyond what any page could carry, further long texts are kept only as far as the page could ever
 * show them (their original length is remembered for the "cut at … of N characters" note).
 */
export class TextCollector {
  readonly texts: string[] = [];
  /** Original length of texts kept cut short while collecting, by text index. */
  readonly preCut = new Map<number, number>();
  /** The longest cut any pre-cut text allows the page to show. */
  maxLimit: number = TRUNCATION_LIMITS[0];
  private readonly index = new Map<string, number>();
  private chars = 0;

  /**
   * @param budgetBytes the texts' byte budget in the page
   * @param headroom how many times the budget may be held in full before texts are cut on arrival
   *   (gzip shrinks prose about 3×, so a few times the budget may still fit)
   */
  constructor(private readonly budgetBytes: number, private readonly headroom = 6) {}

  add(text: string): number {
    const whole = this.index.get(text);
    if (whole !== undefined) return whole;
    const limit = this.arrivalLimit();
    const kept = limit !== undefined && text.length > limit ? text.slice(0, limit) : text;
    // A pre-cut text is told apart by its original length too: two replies sharing their opening
    // are different replies.
    const key = kept === text ? text : `${kept}\u0000${text.length}`;
    let i = this.index.get(key);
    if (i !== undefined) return i;
    i = this.texts.length;
    this.texts.push(kept);
    this.index.set(key, i);
    this.chars += kept.length;
    if (kept !== text) {
      this.preCut.set(i, text.length);
      this.maxLimit = Math.min(this.maxLimit, limit!);
    }
    return i;
  }

  /** Characters at which new texts are cut on arrival, or undefined while everything still fits in memory. */
  private arrivalLimit(): number | undefined {
    const largest = TRUNCATION_LIMITS[0];
    const smallest = TRUNCATION_LIMITS[TRUNCATION_LIMITS.length - 1]!;
    if (this.chars <= this.headroom * this.budgetBytes) return undefined;
    return this.chars <= 4 * this.headroom * this.budgetBytes ? largest : smallest;
  }
}
