/** How often an event is tried before it is dead-lettered, and how long to wait in between. */
export interface RetryPolicy {
  /** Tries per event, the first one included. */
  readonly maxAttempts: number;
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
}

/**
 * Five tries over about 1.5 s (100, 200, 400, 800 ms): long enough to ride out a lock timeout or
 * a failover blip, short enough that one poison event holds its partition only briefly.
 */
export const defaultRetryPolicy: RetryPolicy = { maxAttempts: 5, initialDelayMs: 100, maxDelayMs: 5_000 };

/** Waits between infrastructure failures (database or broker away): retried without end, up to 10 s apart. */
export const transientRetryPolicy: RetryPolicy = { maxAttempts: Number.POSITIVE_INFINITY, initialDelayMs: 200, maxDelayMs: 10_000 };

/**
 * Exponential backoff after the `failures`-th failure, with up to 20% jitter so partitions that
 * failed together do not retry together.
 */
export function backoffDelayMs(policy: RetryPolicy, failures: number, random: () => number = Math.random): number {
  const exponential = policy.initialDelayMs * 2 ** Math.max(0, failures - 1);
  const capped = Math.min(policy.maxDelayMs, exponential);
  return Math.round(capped * (0.8 + 0.2 * random()));
}
