import { type CheckpointStore } from './checkpoint-store';
import { type EventRelay, type RelayFailure, type RelayRole } from './event-relay';

/** Where this instance stands: its role, the shared checkpoint and how far behind the store it is. */
export interface RelayStatusReport {
  readonly role: RelayRole;
  readonly checkpoint: bigint;
  readonly head: bigint;
  /** Store head position − checkpoint: an upper bound of the events not yet on Kafka (positions may have gaps). */
  readonly lag: bigint;
  /** When the oldest event not yet on Kafka (the first after the checkpoint) was recorded; `undefined` when caught up. */
  readonly oldestUnpublishedAt: Date | undefined;
  readonly failure: RelayFailure | undefined;
}

export interface RelayStatusSources {
  readonly relay: Pick<EventRelay, 'role' | 'failure'>;
  readonly name: string;
  readonly checkpoints: CheckpointStore;
  readonly headPosition: () => Promise<bigint>;
  /** When the first event after `position` was recorded, or `undefined` when there is none. */
  readonly recordedAfter: (position: bigint | undefined) => Promise<Date | undefined>;
}

/**
 * Reads the checkpoint from the store rather than from memory, so a standby reports the same
 * progress as the leader. Concurrent readers (a scrape's gauges, a /health probe) share one read.
 */
export class RelayStatus {
  private inFlight: Promise<RelayStatusReport> | undefined;

  constructor(private readonly sources: RelayStatusSources) {}

  /** Known without asking the database. */
  get role(): RelayRole {
    return this.sources.relay.role;
  }

  report(): Promise<RelayStatusReport> {
    this.inFlight ??= this.read().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  private async read(): Promise<RelayStatusReport> {
    const { relay, name, checkpoints, headPosition, recordedAfter } = this.sources;
    const saved = await checkpoints.load(name);
    const [head, oldestUnpublishedAt] = await Promise.all([headPosition(), recordedAfter(saved)]);
    const checkpoint = saved ?? 0n;
    return { role: relay.role, checkpoint, head, lag: head > checkpoint ? head - checkpoint : 0n, oldestUnpublishedAt, failure: relay.failure };
  }
}
