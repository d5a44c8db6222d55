/**
 * Runs work for one key strictly one after another, and different keys concurrently. The
 * command side queues commands per stream inside one instance, so 50 concurrent deposits to
 * one account do not all race, conflict and thrash their retries; across instances the
 * optimistic retry in `handleCommand` still keeps them correct.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(work);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    // Forget the key once its queue drains, so the map does not grow with every stream ever seen.
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Keys with work queued or running (for metrics and tests). */
  get activeKeys(): number {
    return this.tails.size;
  }
}
