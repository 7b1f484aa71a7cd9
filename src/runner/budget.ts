import type { Budget, Plan } from '../plan/schema.js';

type Prices = NonNullable<Plan['prices']>;

/**
 * Tracks spending against the plan's budget within one `run` invocation. Requests are counted when
 * a probe-sample is started (so the request cap is exact); tokens and money are known only when a
 * reply returns, so those caps can be overshot by at most the requests in flight.
 */
export interface BudgetTracker {
  /** Counts one probe-sample as started. */
  start(): void;
  /** Adds a reply's token usage. */
  spend(promptTokens: number, completionTokens: number): void;
  /** Why no more work may start, or null while the budget allows it. */
  exhausted(): string | null;
  readonly requests: number;
  readonly tokens: number;
  readonly usd: number;
}

export function createBudget(budget: Budget | undefined, prices: Prices | undefined): BudgetTracker {
  let requests = 0;
  let tokens = 0;
  let usd = 0;
  return {
    start() {
      requests++;
    },
    spend(p, c) {
      tokens += p + c;
      if (prices) usd += (p * prices.prompt_per_mtok + c * prices.completion_per_mtok) / 1e6;
    },
    exhausted() {
      if (!budget) return null;
      if (budget.requests !== undefined && requests >= budget.requests) return `request budget of ${budget.requests} reached`;
      if (budget.tokens !== undefined && tokens >= budget.tokens) return `token budget of ${budget.tokens} reached (${tokens} used)`;
      if (budget.usd !== undefined && usd >= budget.usd) return `money budget of $${budget.usd} reached ($${usd.toFixed(4)} spent)`;
      return null;
    },
    get requests() {
      return requests;
    },
    get tokens() {
      return tokens;
    },
    get usd() {
      return usd;
    },
  };
}

/** Rough token count when a server reports no usage: about 4 characters per token for English. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}
