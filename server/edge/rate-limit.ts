/**
 * A small in-memory rate limiter: at most `limit` hits per key in a sliding `windowMs`.
 * In-memory is enough for what it guards (sign-in bursts, one socket's commands): the account
 * lockout that matters across instances lives in Redis.
 */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records a hit; false when the key is over its limit. */
  allow(key: string): boolean {
    const now = this.now();
    const recent = (this.hits.get(key) ?? []).filter((t) => now - t < this.windowMs);
    const ok = recent.length < this.limit;
    if (ok) recent.push(now);
    this.hits.set(key, recent);
    if (this.hits.size > 10_000) this.sweep(now);
    return ok;
  }

  /** True when `key` is at its limit; records nothing. */
  isBlocked(key: string): boolean {
    const now = this.now();
    return (this.hits.get(key) ?? []).filter((t) => now - t < this.windowMs).length >= this.limit;
  }

  /** Records a hit without asking. */
  hit(key: string): void {
    const now = this.now();
    this.hits.set(key, [...(this.hits.get(key) ?? []).filter((t) => now - t < this.windowMs), now]);
  }

  forget(key: string): void {
    this.hits.delete(key);
  }

  private sweep(now: number): void {
    for (const [k, times] of this.hits) if (times.every((t) => now - t >= this.windowMs)) this.hits.delete(k);
  }
}
