import type { ResolvedEvent } from '@kurrent/kurrentdb-client';
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
import { connectKurrentDb } from './connect';
import { toEventData, toRecordedEvent } from './envelope-mapping';
import { toPortError } from './expected-revision';
import { type KurrentDbClientKind } from './kurrentdb-client-kind';
import { loadSnapshotWith, saveSnapshotWith } from './kurrentdb-snapshots';
import { subscribeToAllWith } from './kurrentdb-subscription';
import { isStreamNotFound, type StreamsClient } from './streams-client';

export interface KurrentDbEventStoreOptions {
  /** `kurrentdb://host:2113?tls=false`, or any connection string `parseKurrentDbUrl` accepts (KURRENTDB_URL). */
  readonly connectionString: string;
  /** The Node client to talk through (KURRENTDB_CLIENT); `kurrentdb` (@kurrent/kurrentdb-client) by default. */
  readonly client?: KurrentDbClientKind;
}

/**
 * The EventStore and SnapshotStore ports on KurrentDB (formerly EventStoreDB) through
 * `@kurrent/kurrentdb-client`, or `@eventstore/db-client` when chosen (ARCHITECTURE.md). The
 * store-wide position is the commit position. KurrentDB keeps the port's guarantees natively:
 * optimistic concurrency per stream, idempotent appends by event id, `$all` in commit order
 * without gaps.
 */
export class KurrentDbEventStore implements EventStore, SnapshotStore {
  readonly client: StreamsClient;

  constructor(options: KurrentDbEventStoreOptions) {
    this.client = connectKurrentDb(options.client ?? 'kurrentdb', options.connectionString);
  }

  async appendToStream(streamId: string, events: readonly NewEvent[], { expectedRevision }: AppendOptions): Promise<AppendResult> {
    try {
      const result = await this.client.appendToStream(streamId, events.map(toEventData), expectedRevision);
      if (result.position === undefined) throw new Error(`KurrentDB answered the append to ${streamId} without a position`);
      return { nextExpectedRevision: result.nextExpectedRevision, position: result.position.commit };
    } catch (error) {
      throw toPortError(error, streamId, expectedRevision);
    }
  }

  async readStream(streamId: string, { direction, fromRevision, maxCount }: ReadStreamOptions): Promise<RecordedEvent[]> {
    const read = this.client.readStream(streamId, {
      direction,
      fromRevision: fromRevision ?? (direction === 'forwards' ? 'start' : 'end'),
      ...(maxCount === undefined ? {} : { maxCount }),
    });
    try {
      return await collect(read);
    } catch (error) {
      if (isStreamNotFound(error)) return [];
      throw error;
    }
  }

  /**
   * `$all` after `fromPosition`. The port allows any position as the exclusive start, KurrentDB
   * reads from exact ones, inclusively: the event at the start (if any) is dropped here. The
   * server's own events come along (@eventstore/db-client's `readAll` has no server-side filter)
   * and are dropped too; reading goes on until the page is full or `$all` ends, so a short page
   * always means the end, as with PostgreSQL.
   */
  async readAll({ fromPosition, maxCount }: ReadAllOptions): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    let after = fromPosition;
    for (;;) {
      const wanted = maxCount - events.length + 1;
      const page: ResolvedEvent[] = [];
      const read = this.client.readAll({ direction: 'forwards', fromPosition: after === undefined ? 'start' : { commit: after, prepare: after }, maxCount: wanted });
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

  /** How many events lie after `position`: KurrentDB keeps no count, so this reads `$all` (rebuilds ask once, then every few seconds). */
  async countAfter(position: bigint | undefined): Promise<bigint> {
    let count = 0n;
    for await (const resolved of this.client.readAll({ direction: 'forwards', fromPosition: position === undefined ? 'start' : { commit: position, prepare: position } })) {
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
