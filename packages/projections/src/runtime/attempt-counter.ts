/**
 * Failed tries per event (by event id), across the attempts at its batch. Kept in memory: after
 * a restart an event gets its full number of tries again, which only delays its dead letter.
 */
export class AttemptCounter {
  private readonly failures = new Map<string, number>();

  /** Counts one more failure and returns the total. */
  bump(eventId: string): number {
    const total = (this.failures.get(eventId) ?? 0) + 1;
    this.failures.set(eventId, total);
    return total;
  }

  forget(eventIds: Iterable<string>): void {
    for (const eventId of eventIds) this.failures.delete(eventId);
  }
}
