/** After Redis failed a command, how long the cache is not asked again. */
export const CACHE_PAUSE_MS = 1_000;

/**
 * Remembers that Redis just failed, so that while it is away (or hangs until each command's
 * timeout) callers skip it for a second rather than each pay for finding out again.
 */
export class RedisOutage {
  private pausedUntil = Number.NEGATIVE_INFINITY;

  constructor(
    readonly pauseMs: number = CACHE_PAUSE_MS,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get paused(): boolean {
    return this.now() < this.pausedUntil;
  }

  failed(): void {
    this.pausedUntil = this.now() + this.pauseMs;
  }
}
