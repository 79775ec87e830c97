/**
 * @rationale A small sliding-window token budget beside p-queue
 *   why: p-queue limits requests per interval and concurrency, but a tokens/min limit needs weighted
 *     permits whose weight is only known after the response (estimate first, settle to the real
 *     usage); no well-kept limiter does estimate-then-settle.
 *   alternatives: bottleneck (weighted, but unmaintained since 2019); limiter (no settle step)
 *   tradeoffs: a single request bigger than the whole budget is let through alone rather than blocked forever
 */

interface Entry {
  at: number;
  tokens: number;
}

/** A reservation that can be corrected once the real token count is known. */
export interface TokenReservation {
  settle(actualTokens: number): void;
}

export class TokenWindow {
  private readonly entries: Entry[] = [];
  /** waiters to wake when a settle frees budget before the oldest entry expires */
  private readonly wakers = new Set<() => void>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {
    if (!(limit > 0) || !(windowMs > 0)) throw new RangeError('TokenWindow: limit and windowMs must be > 0');
  }

  /** Tokens used in the current window. */
  used(): number {
    this.prune();
    return this.entries.reduce((sum, e) => sum + e.tokens, 0);
  }

  /** Waits until `tokens` fit in the window, then reserves them. */
  async acquire(tokens: number): Promise<TokenReservation> {
    for (;;) {
      this.prune();
      const used = this.entries.reduce((sum, e) => sum + e.tokens, 0);
      if (used + tokens <= this.limit || this.entries.length === 0) {
        const entry: Entry = { at: this.now(), tokens };
        this.entries.push(entry);
        return {
          settle: (actual) => {
            const freed = actual < entry.tokens;
            entry.tokens = actual;
            if (freed) this.wake();
          },
        };
      }
      const oldest = this.entries[0];
      const wait = oldest ? oldest.at + this.windowMs - this.now() : 0;
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.wakers.delete(done);
          resolve();
        };
        const timer = setTimeout(done, Math.max(1, wait));
        this.wakers.add(done);
      });
    }
  }

  private wake(): void {
    for (const done of [...this.wakers]) done();
  }

  private prune(): void {
    const cutoff = this.now() - this.windowMs;
    while (this.entries.length > 0 && (this.entries[0]?.at ?? Infinity) <= cutoff) this.entries.shift();
  }
}
