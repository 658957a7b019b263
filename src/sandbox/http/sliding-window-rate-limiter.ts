/**
 * Allows at most `limit` hits per key in any window of `windowMs`. Keeps only the timestamps inside
 * the window, so memory per key is bounded by `limit`.
 */
export class SlidingWindowRateLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${limit}`);
    if (!(windowMs > 0)) throw new RangeError(`windowMs must be positive, got ${windowMs}`);
  }

  /** Records a hit and returns true, or returns false (recording nothing) when the key is over its limit. */
  tryAcquire(key: string, nowMs: number): boolean {
    const recent = (this.hits.get(key) ?? []).filter((t) => t > nowMs - this.windowMs && t <= nowMs);
    if (recent.length >= this.limit) {
      this.hits.set(key, recent);
      return false;
    }
    recent.push(nowMs);
    this.hits.set(key, recent);
    return true;
  }

  reset(): void {
    this.hits.clear();
  }
}
