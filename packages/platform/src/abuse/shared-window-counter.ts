import type { Redis } from 'ioredis';

/**
 * How stale this instance's view of a counter may be before a request waits for Redis: within it,
 * requests are counted here and sent to Redis together in the background.
 */
export const SYNC_EVERY_MS = 50;
/** After Redis failed to answer, how long requests count locally without waiting for it again. */
export const REDIS_PAUSE_MS = 5_000;

interface Window {
  readonly index: number;
  /** The shared count as Redis last answered it (this instance's sent requests included). */
  total: number;
  /** Counted here, not yet added in Redis. */
  pending: number;
  syncedAt: number;
  flushTimer: NodeJS.Timeout | undefined;
}

export interface WindowCount {
  /** Requests in the current window, this one included, as far as this instance knows. */
  readonly current: number;
  /** Milliseconds until the window ends. */
  readonly ttl: number;
}

/**
 * Fixed-window request counters shared by every instance through Redis, without a Redis round trip
 * on most requests. Each instance counts locally and adds its counts to Redis (INCRBY) at least
 * every 50 ms; a request waits for Redis, and gets its own exact count back, when this instance's
 * view is older than that or has passed half the limit. A caller well under its limit costs a map
 * lookup; near the limit every request is counted in Redis one by one; what the limit can miss is
 * what other instances admitted in the last 50 ms while this one's view was under half of it.
 * When Redis fails or hangs, counting goes on locally (the limit then holds per instance) and
 * Redis is not waited for again for 5 s.
 */
export class SharedWindowCounter {
  /** Per window length, per key: the rate limits may use windows of different lengths. */
  private readonly windows = new Map<number, { index: number; byKey: Map<string, Window> }>();
  private redisPausedUntil = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly redis: Redis,
    private readonly namespace: string,
    private readonly now: () => number = Date.now,
  ) {}

  async increment(key: string, windowMs: number, max: number): Promise<WindowCount> {
    const now = this.now();
    const window = this.windowOf(key, windowMs, Math.floor(now / windowMs));
    const ttl = (window.index + 1) * windowMs - now;
    const local = window.total + window.pending + 1;
    const fresh = now - window.syncedAt < SYNC_EVERY_MS;
    if ((fresh && local * 2 < max) || now < this.redisPausedUntil) {
      window.pending += 1;
      this.flushSoon(key, window, windowMs);
      return { current: local, ttl };
    }
    // This request and everything counted here so far, added in one INCRBY whose answer is this request's own count.
    return { current: await this.send(key, window, windowMs, window.pending + 1), ttl };
  }

  private windowOf(key: string, windowMs: number, index: number): Window {
    let windows = this.windows.get(windowMs);
    if (windows === undefined || windows.index !== index) {
      // A new window: the counters of the one before are of no further use.
      for (const old of windows?.byKey.values() ?? []) clearTimeout(old.flushTimer);
      windows = { index, byKey: new Map() };
      this.windows.set(windowMs, windows);
    }
    let window = windows.byKey.get(key);
    if (window === undefined) {
      window = { index, total: 0, pending: 0, syncedAt: Number.NEGATIVE_INFINITY, flushTimer: undefined };
      windows.byKey.set(key, window);
    }
    return window;
  }

  private flushSoon(key: string, window: Window, windowMs: number): void {
    window.flushTimer ??= setTimeout(() => {
      window.flushTimer = undefined;
      if (window.pending > 0 && this.now() >= this.redisPausedUntil) void this.send(key, window, windowMs, window.pending);
      else if (window.pending > 0) this.flushSoon(key, window, windowMs);
    }, SYNC_EVERY_MS).unref();
  }

  /** Adds `count` (taken from pending, plus this request if it is one) in Redis; answers the shared total after it. */
  private async send(key: string, window: Window, windowMs: number, count: number): Promise<number> {
    const taken = Math.min(count, window.pending);
    window.pending -= taken;
    const redisKey = `${this.namespace}${key}:${window.index}`;
    let total: number;
    try {
      const replies = await this.redis.multi().incrby(redisKey, count).pexpire(redisKey, windowMs * 2).exec();
      const answered = Number(replies?.[0]?.[1]);
      if (!Number.isFinite(answered)) throw new Error(`Redis answered INCRBY with ${String(replies?.[0]?.[1])}`);
      total = answered;
      window.total = Math.max(window.total, total);
    } catch {
      // Redis failed or did not answer (the client logs it): count here, and stop waiting for it a while.
      this.redisPausedUntil = this.now() + REDIS_PAUSE_MS;
      window.total += count;
      total = window.total + window.pending;
    }
    window.syncedAt = this.now();
    // What arrived meanwhile goes out with the next flush.
    if (window.pending > 0) this.flushSoon(key, window, windowMs);
    return total;
  }
}
