import { backoffDelayMs, transientRetryPolicy, type RetryPolicy } from './retry-policy';

export interface RetryBackoffOptions {
  /** Failures worth another attempt; any other is rethrown at once. */
  readonly retryable: (error: unknown) => boolean;
  /** Waits `ms` between attempts; resolves false when the work is no longer wanted (stopping, partition moved). */
  readonly wait: (ms: number) => Promise<boolean>;
  readonly policy?: RetryPolicy;
  /** Failures in a row after which the last one is rethrown; without end unless told. */
  readonly maxFailures?: number;
  /** Hears each failure that will be retried, before the wait (a log line, a status). */
  readonly onFailure?: (error: unknown, failures: number) => void;
}

/**
 * The one retry loop of the projector's infrastructure failures (a live batch, a rebuild's
 * batches and its swap, joining the group): which failures are retried, how many in a row, how
 * long to wait. Each loop keeps its own shape and hands every failure to `absorb`.
 */
export class RetryBackoff {
  private failures = 0;

  constructor(private readonly options: RetryBackoffOptions) {}

  /** Failures since the last `succeeded`. */
  get count(): number {
    return this.failures;
  }

  /**
   * Rethrows `error` unless it is retryable and under the limit; otherwise waits its backoff.
   * Resolves true to try again, false when the wait was called off.
   */
  async absorb(error: unknown): Promise<boolean> {
    const { retryable, maxFailures, onFailure, wait, policy } = this.options;
    if (!retryable(error)) throw error;
    this.failures += 1;
    if (this.failures > (maxFailures ?? Number.POSITIVE_INFINITY)) throw error;
    onFailure?.(error, this.failures);
    return wait(backoffDelayMs(policy ?? transientRetryPolicy, this.failures));
  }

  /** An attempt got through: the next failure waits the shortest backoff again. */
  succeeded(): void {
    this.failures = 0;
  }
}
