/**
 * Failed tries per event (by event id), across the attempts at its batch. Kept in memory: after
 * a restart an event gets its full number of tries again, which only delays its dead letter.
 * Bounded, oldest first, so ids that are never settled here (e.g. events healed from the store
 * in a batch that was then abandoned) cannot grow it without end.
 */
export class AttemptCounter {
  private readonly failures = new Map<string, number>();

  constructor(private readonly capacity = 100_000) {}

  /** Counts one more failure and returns the total. */
  bump(eventId: string): number {
    const total = (this.failures.get(eventId) ?? 0) + 1;
    this.failures.delete(eventId);
    this.failures.set(eventId, total);
    if (this.failures.size > this.capacity) {
      const oldest = this.failures.keys().next();
      if (oldest.done !== true) this.failures.delete(oldest.value);
    }
    return total;
  }

  /** Events being tracked (for tests and metrics). */
  get size(): number {
    return this.failures.size;
  }

  forget(eventIds: Iterable<string>): void {
    for (const eventId of eventIds) this.failures.delete(eventId);
  }
}
