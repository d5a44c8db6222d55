/** Thrown by `KeyedQueue.run` when a key already has as much work queued as the queue accepts. */
export class QueueFullError extends Error {
  override readonly name = 'QueueFullError';

  constructor(
    readonly key: string,
    readonly limit: number,
  ) {
    super(`${limit} operations are already queued for ${key}`);
  }
}

/**
 * Runs work for one key strictly one after another, and different keys concurrently. The
 * command side queues commands per stream inside one instance, so 50 concurrent deposits to
 * one account do not all race, conflict and thrash their retries; across instances the
 * optimistic retry in `handleCommand` still keeps them correct.
 *
 * At most `maxPerKey` operations per key are queued or running: beyond that `run` rejects at
 * once with `QueueFullError` and the work never starts, so one slow or stuck stream cannot
 * gather an unbounded crowd of requests (and their memory) behind it.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, { tail: Promise<unknown>; pending: number }>();

  constructor(private readonly maxPerKey = Number.POSITIVE_INFINITY) {}

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const queued = this.tails.get(key);
    if (queued !== undefined && queued.pending >= this.maxPerKey) return Promise.reject(new QueueFullError(key, this.maxPerKey));
    const entry = queued ?? { tail: Promise.resolve(), pending: 0 };
    const result = entry.tail.then(work);
    const tail = result.catch(() => undefined);
    entry.tail = tail;
    entry.pending += 1;
    this.tails.set(key, entry);
    void tail.then(() => {
      entry.pending -= 1;
      // Forget the key once its queue drains, so the map does not grow with every stream ever seen.
      if (entry.pending === 0 && this.tails.get(key) === entry) this.tails.delete(key);
    });
    return result;
  }

  /** Keys with work queued or running (for metrics and tests). */
  get activeKeys(): number {
    return this.tails.size;
  }
}
