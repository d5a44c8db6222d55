/** Someone waiting until a projection has applied `minRevision` of a stream. */
interface Waiter {
  readonly minRevision: bigint;
  readonly settle: (reached: boolean) => void;
}

/**
 * The waiters of one instance, by projection and stream, so a notification naming a stream's
 * new revision settles exactly the waiters it satisfies, whatever the number of others.
 * No I/O and no clock: whoever holds it decides when to look and when to give up.
 */
export class WaitingStreams {
  private readonly byProjection = new Map<string, Map<string, Set<Waiter>>>();
  private waiters = 0;

  get size(): number {
    return this.waiters;
  }

  /** Adds a waiter; the returned function removes it and settles it (`false` = gave up), once. */
  add(projection: string, streamId: string, minRevision: bigint, onSettled: (reached: boolean) => void): (reached: boolean) => void {
    let streams = this.byProjection.get(projection);
    if (streams === undefined) this.byProjection.set(projection, (streams = new Map<string, Set<Waiter>>()));
    let waiters = streams.get(streamId);
    if (waiters === undefined) streams.set(streamId, (waiters = new Set<Waiter>()));
    const stream = waiters;
    let settled = false;
    const waiter: Waiter = {
      minRevision,
      settle: (reached) => {
        if (settled) return;
        settled = true;
        this.waiters--;
        stream.delete(waiter);
        if (stream.size === 0) streams.delete(streamId);
        if (streams.size === 0) this.byProjection.delete(projection);
        onSettled(reached);
      },
    };
    stream.add(waiter);
    this.waiters++;
    return waiter.settle;
  }

  /** `projection` has applied `revision` of `streamId`: every waiter it satisfies is settled. */
  applied(projection: string, streamId: string, revision: bigint): void {
    const waiters = this.byProjection.get(projection)?.get(streamId);
    if (waiters === undefined) return;
    for (const waiter of [...waiters]) if (revision >= waiter.minRevision) waiter.settle(true);
  }

  /** Whether anyone waits on `streamId` of `projection`. */
  has(projection: string, streamId: string): boolean {
    return this.byProjection.get(projection)?.has(streamId) === true;
  }

  /** The streams waited on, per projection: what a re-check must read. */
  streams(): Map<string, string[]> {
    return new Map([...this.byProjection].map(([projection, streams]) => [projection, [...streams.keys()]]));
  }

  /** Gives up on everyone (the instance is stopping). */
  abandonAll(): void {
    for (const streams of [...this.byProjection.values()]) {
      for (const waiters of [...streams.values()]) for (const waiter of [...waiters]) waiter.settle(false);
    }
  }
}
