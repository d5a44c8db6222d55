import { BACKWARDS, END, EventStoreDBClient, FORWARDS, START, StreamNotFoundError, type ResolvedEvent } from '@eventstore/db-client';
import {
  type AppendOptions,
  type AppendResult,
  type EventStore,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
} from '../port/event-store';
import { type EventSubscription, type SubscribeToAllOptions } from '../port/event-subscription';
import { type Snapshot, type SnapshotStore } from '../port/snapshot-store';
import { toEventData, toRecordedEvent } from './envelope-mapping';
import { subscribeToAllWith } from './eventstoredb-subscription';
import { loadSnapshotWith, saveSnapshotWith } from './eventstoredb-snapshots';
import { toAppendExpectedRevision, toPortError } from './expected-revision';

export interface EventStoreDbEventStoreOptions {
  /** `esdb://host:2113?tls=false`, or any connection string the client accepts (EVENTSTORE_URL). */
  readonly connectionString: string;
}

/**
 * The EventStore and SnapshotStore ports on EventStoreDB (or KurrentDB) through
 * `@eventstore/db-client` (ARCHITECTURE.md). The store-wide position is the commit position.
 * EventStoreDB keeps the port's guarantees natively: optimistic concurrency per stream,
 * idempotent appends by event id, `$all` in commit order without gaps.
 */
export class EventStoreDbEventStore implements EventStore, SnapshotStore {
  readonly client: EventStoreDBClient;

  constructor(options: EventStoreDbEventStoreOptions) {
    this.client = EventStoreDBClient.connectionString(options.connectionString);
  }

  async appendToStream(streamId: string, events: readonly NewEvent[], { expectedRevision }: AppendOptions): Promise<AppendResult> {
    try {
      const result = await this.client.appendToStream(streamId, events.map(toEventData), { expectedRevision: toAppendExpectedRevision(expectedRevision) });
      if (result.position === undefined) throw new Error(`EventStoreDB answered the append to ${streamId} without a position`);
      return { nextExpectedRevision: result.nextExpectedRevision, position: result.position.commit };
    } catch (error) {
      throw toPortError(error, streamId, expectedRevision);
    }
  }

  async readStream(streamId: string, { direction, fromRevision, maxCount }: ReadStreamOptions): Promise<RecordedEvent[]> {
    const read = this.client.readStream(streamId, {
      direction: direction === 'forwards' ? FORWARDS : BACKWARDS,
      fromRevision: fromRevision ?? (direction === 'forwards' ? START : END),
      ...(maxCount === undefined ? {} : { maxCount }),
    });
    try {
      return await collect(read);
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
  }

  /**
   * `$all` after `fromPosition`. The port allows any position as the exclusive start, EventStoreDB
   * reads from exact ones, inclusively: the event at the start (if any) is dropped here. The
   * client's `readAll` has no server-side filter, so EventStoreDB's system events come along and
   * are dropped too; reading goes on until the page is full or `$all` ends, so a short page
   * always means the end, as with PostgreSQL.
   */
  async readAll({ fromPosition, maxCount }: ReadAllOptions): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    let after = fromPosition;
    for (;;) {
      const wanted = maxCount - events.length + 1;
      const page: ResolvedEvent[] = [];
      const read = this.client.readAll({ direction: FORWARDS, fromPosition: after === undefined ? START : { commit: after, prepare: after }, maxCount: wanted });
      for await (const resolved of read) page.push(resolved);
      for (const resolved of page) {
        const event = toRecordedEvent(resolved);
        if (event !== undefined && (after === undefined || event.position > after)) events.push(event);
      }
      const last = page.at(-1)?.event?.position?.commit;
      if (events.length >= maxCount || page.length < wanted || last === undefined) return events.slice(0, maxCount);
      after = last;
    }
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): EventSubscription {
    return subscribeToAllWith(this.client, options);
  }

  saveSnapshot(streamId: string, snapshot: Snapshot): Promise<void> {
    return saveSnapshotWith(this.client, streamId, snapshot);
  }

  loadSnapshot(streamId: string, expectedSchemaVersion: number): Promise<Snapshot | undefined> {
    return loadSnapshotWith(this.client, streamId, expectedSchemaVersion);
  }

  /** How many events lie after `position`: EventStoreDB keeps no count, so this reads `$all` (rebuilds ask once, then every few seconds). */
  async countAfter(position: bigint | undefined): Promise<bigint> {
    let count = 0n;
    for await (const resolved of this.client.readAll({ direction: FORWARDS, fromPosition: position === undefined ? START : { commit: position, prepare: position } })) {
      const event = toRecordedEvent(resolved);
      if (event !== undefined && (position === undefined || event.position > position)) count += 1n;
    }
    return count;
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }
}

async function collect(read: AsyncIterable<ResolvedEvent>): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const resolved of read) {
    const event = toRecordedEvent(resolved);
    if (event !== undefined) events.push(event);
  }
  return events;
}
