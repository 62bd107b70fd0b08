/**
 * At most `limit` requests per key in any sliding window of `windowMs`, kept in memory (one
 * process serves the web app; `npm run mcp` has its own). `take` answers 0 and counts the request,
 * or the whole seconds to wait and counts nothing.
 */
export class SlidingWindowLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(private readonly windowMs = 60_000) {}

  take(key: string, limit: number, now = Date.now()): number {
    const recent = (this.hits.get(key) ?? []).filter((time) => now - time < this.windowMs);
    if (recent.length >= limit) {
      this.hits.set(key, recent);
      return Math.max(1, Math.ceil((recent[recent.length - limit]! + this.windowMs - now) / 1000));
    }
    recent.push(now);
    this.hits.set(key, recent);
    return 0;
  }
}
