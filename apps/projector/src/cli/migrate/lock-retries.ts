/** PostgreSQL's `lock_not_available`: a statement waited `lock_timeout` for a lock and gave up. */
const LOCK_NOT_AVAILABLE = '55P03';

export interface LockRetries {
  readonly attempts: number;
  readonly delayMs: number;
  readonly sleep: (ms: number) => Promise<void>;
  /** Told before each new attempt, with the attempt that failed (1-based). */
  readonly onRetry: (failedAttempt: number, error: unknown) => void;
}

/**
 * Runs `attempt` again when it gave up waiting for a lock. Safe because a schema's migration is
 * one transaction: a lock timeout rolled all of it back. Any other error is final.
 */
export async function withLockRetries<T>(attempt: () => Promise<T>, retries: LockRetries): Promise<T> {
  for (let tried = 1; ; tried += 1) {
    try {
      return await attempt();
    } catch (error) {
      if ((error as { code?: unknown }).code !== LOCK_NOT_AVAILABLE || tried >= retries.attempts) throw error;
      retries.onRetry(tried, error);
      await retries.sleep(retries.delayMs);
    }
  }
}
