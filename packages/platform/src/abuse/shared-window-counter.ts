import type { Redis } from 'ioredis';

/**
 * How stale this instance's view of a counter may be before a request waits for Redis: within it,
 * requests are counted here and sent to Redis together in the background.
 */
export const SYNC_EVERY_MS = 50;

interface Window {
  readonly index: number;
  /** The shared count as Redis last answered it (this instance's flushed requests included). */
  total: number;
  /** Counted here, not yet added in Redis. */
  pending: number;
  syncedAt: number;
  syncing: Promise<void> | undefined;
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
 * on most requests: each instance counts locally and adds its counts to Redis (INCRBY) at least
 * every 50 ms, and a request waits for Redis only when this instance's view is older than that or
 * the count has passed half the limit. So a caller well under its limit costs a map lookup; near
 * the limit every request is counted exactly in Redis; what the limit can miss is what other
 * instances admitted in the last 50 ms while the count was under half of it. When Redis does not
 * answer, the counts go on locally (the limit then holds per instance).
 */
export class SharedWindowCounter {
  private readonly windows = new Map<string, Window>();
  private currentIndex = 0;

  constructor(
    private readonly redis: Redis,
    private readonly namespace: string,
    private readonly now: () => number = Date.now,
  ) {}

  async increment(key: string, windowMs: number, max: number): Promise<WindowCount> {
    const now = this.now();
    const window = this.windowOf(key, Math.floor(now / windowMs));
    window.pending += 1;
    const ttl = (window.index + 1) * windowMs - now;
    const fresh = now - window.syncedAt < SYNC_EVERY_MS;
    if (fresh && (window.total + window.pending) * 2 < max) {
      this.flushSoon(key, window, windowMs);
      return { current: window.total + window.pending, ttl };
    }
    await this.sync(key, window, windowMs);
    return { current: window.total + window.pending, ttl };
  }

  private windowOf(key: string, index: number): Window {
    if (index > this.currentIndex) {
      // A new window: counters of the ones before are of no further use.
      for (const [id, old] of this.windows) if (old.index < index) this.forget(id, old);
      this.currentIndex = index;
    }
    let window = this.windows.get(key);
    if (window === undefined || window.index !== index) {
      if (window !== undefined) this.forget(key, window);
      window = { index, total: 0, pending: 0, syncedAt: Number.NEGATIVE_INFINITY, syncing: undefined, flushTimer: undefined };
      this.windows.set(key, window);
    }
    return window;
  }

  private forget(key: string, window: Window): void {
    clearTimeout(window.flushTimer);
    this.windows.delete(key);
  }

  private flushSoon(key: string, window: Window, windowMs: number): void {
    window.flushTimer ??= setTimeout(() => {
      window.flushTimer = undefined;
      void this.sync(key, window, windowMs);
    }, SYNC_EVERY_MS).unref();
  }

  private sync(key: string, window: Window, windowMs: number): Promise<void> {
    window.syncing ??= this.flush(key, window, windowMs).finally(() => {
      window.syncing = undefined;
    });
    return window.syncing;
  }

  /** Adds the pending count in Redis (INCRBY, also when 0: it reads the others' count) and takes the total back. */
  private async flush(key: string, window: Window, windowMs: number): Promise<void> {
    const count = window.pending;
    window.pending -= count;
    const redisKey = `${this.namespace}${key}:${window.index}`;
    try {
      const replies = await this.redis.multi().incrby(redisKey, count).pexpire(redisKey, windowMs * 2).exec();
      const total = Number(replies?.[0]?.[1]);
      window.total = Number.isFinite(total) ? Math.max(total, window.total + count) : window.total + count;
    } catch {
      // Redis is away (the client logs it): this instance goes on counting alone.
      window.total += count;
    }
    window.syncedAt = this.now();
  }
}
