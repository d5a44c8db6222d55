import { setTimeout as sleep } from 'node:timers/promises';

/**
 * How often a stream the primary announced is read again on a replica that has not replayed it
 * yet. Replication lag on a healthy replica is milliseconds; this runs only while someone waits
 * on such a stream, one query per projection per round.
 */
export const REPLICA_POLL_MS = 20;

/** A re-read asks about this many streams per query at most. */
const CHUNK = 1_000;

export interface ReplicaCatchUpOptions {
  /** The revisions the replica has applied, streams it has never seen absent (ProjectionProgress). */
  readonly read: (projection: string, streamIds: readonly string[]) => Promise<Map<string, bigint>>;
  /** Settles the waiters a revision read on the replica satisfies. */
  readonly applied: (projection: string, streamId: string, revision: bigint) => void;
  /** Whether anyone still waits on the stream: a hint nobody needs is dropped. */
  readonly waitedOn: (projection: string, streamId: string) => boolean;
  readonly onError: (error: unknown) => void;
  readonly pollMs?: number;
}

/**
 * Read-your-writes on a replica. The projector's NOTIFY fires on the primary only (notifications
 * are not replicated) and says what the primary committed, not what the replica replayed, so
 * here it is a hint: the announced streams are read on the replica, and read again every
 * `pollMs` until the replica shows the announced revision or nobody waits on the stream any
 * more. A waiter is settled only by a revision read on the replica, never by the hint itself.
 */
export class ReplicaCatchUp {
  /** Announced revisions not seen on the replica yet, by projection and stream. */
  private readonly hinted = new Map<string, Map<string, bigint>>();
  private running = false;
  private stopped = false;

  constructor(private readonly options: ReplicaCatchUpOptions) {}

  hint(projection: string, streamId: string, revision: bigint): void {
    if (this.stopped || !this.options.waitedOn(projection, streamId)) return;
    let streams = this.hinted.get(projection);
    if (streams === undefined) this.hinted.set(projection, (streams = new Map<string, bigint>()));
    const known = streams.get(streamId);
    if (known === undefined || revision > known) streams.set(streamId, revision);
    if (!this.running) void this.run();
  }

  stop(): void {
    this.stopped = true;
    this.hinted.clear();
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      // The first round goes at once: the replica has usually replayed the commit already.
      while (!this.stopped && this.hinted.size > 0) {
        await this.round();
        if (this.hinted.size > 0) await sleep(this.options.pollMs ?? REPLICA_POLL_MS, undefined, { ref: false });
      }
    } finally {
      this.running = false;
    }
  }

  private async round(): Promise<void> {
    for (const [projection, streams] of [...this.hinted]) {
      const streamIds = [...streams.keys()];
      try {
        for (let start = 0; start < streamIds.length; start += CHUNK) {
          const chunk = streamIds.slice(start, start + CHUNK);
          const revisions = await this.options.read(projection, chunk);
          for (const streamId of chunk) this.settle(projection, streams, streamId, revisions.get(streamId));
        }
      } catch (error) {
        // The replica cannot be asked: no polling against it meanwhile; the periodic re-check
        // (READ_YOUR_WRITES_RECHECK_MS) still reads every waiting stream.
        streams.clear();
        this.options.onError(error);
      }
      if (streams.size === 0) this.hinted.delete(projection);
    }
  }

  private settle(projection: string, streams: Map<string, bigint>, streamId: string, replayed: bigint | undefined): void {
    if (replayed !== undefined) this.options.applied(projection, streamId, replayed);
    // Read after the query: a newer hint that arrived meanwhile must be kept.
    const announced = streams.get(streamId);
    const caughtUp = announced === undefined || (replayed !== undefined && replayed >= announced);
    if (caughtUp || !this.options.waitedOn(projection, streamId)) streams.delete(streamId);
  }
}
