/** The documented rate limits of the throttled actions (graph-sync-api.md §5.4), and a sliding-window limiter for them. */

/** provisionOnDemand accepts 5 calls per job in 10 s (graph-sync-api.md §3.2.10). */
export const ON_DEMAND_LIMIT = 5;
export const ON_DEMAND_WINDOW_MS = 10_000;
/** bulkUpload takes 40 requests a second per job and 50 operations a request (graph-sync-api.md §3.2.11). */
export const BULK_UPLOAD_LIMIT = 40;
export const BULK_UPLOAD_WINDOW_MS = 1000;

/** Remembers calls per key over a sliding window; answers how many seconds to wait when full. */
export class RateLimiter {
  private readonly calls = new Map<string, number[]>();
  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** The Retry-After seconds when `key` has used up its calls in the window at `now`; undefined when it may call. */
  retryAfter(key: string, now: number): number | undefined {
    const recent = (this.calls.get(key) ?? []).filter((at) => at > now - this.windowMs);
    this.calls.set(key, recent);
    if (recent.length < this.limit) return undefined;
    return Math.max(1, Math.ceil((recent[0]! + this.windowMs - now) / 1000));
  }

  /** Counts a call at `now`. */
  record(key: string, now: number): void {
    const recent = this.calls.get(key) ?? [];
    recent.push(now);
    this.calls.set(key, recent);
  }

}
