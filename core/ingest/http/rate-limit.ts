/**
 * A token bucket per client address: `perSecond` requests sustained, bursts up to `burst`. The
 * table forgets clients idle for a minute, so a scan of many addresses cannot grow it unbounded.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly perSecond: number,
    private readonly burst = Math.max(1, perSecond * 2),
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one token for `client`; false when it has none left (the caller answers 429). */
  take(client: string): boolean {
    const now = this.now();
    if (this.buckets.size > 10_000) this.forgetIdle(now);
    const bucket = this.buckets.get(client) ?? { tokens: this.burst, at: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond);
    bucket.at = now;
    this.buckets.set(client, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  private forgetIdle(now: number): void {
    for (const [client, bucket] of this.buckets) if (now - bucket.at > 60_000) this.buckets.delete(client);
  }
}
