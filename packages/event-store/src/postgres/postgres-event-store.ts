import { type Pool } from 'pg';
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
import { AppendBatcher } from './append-batch';
import { readAllWith } from './read-all';
import { readStreamWith } from './read-stream';
import { loadSnapshotWith, saveSnapshotWith } from './snapshots';
import { subscribeToAllWith } from './subscribe-to-all';
import { quoteIdentifier } from './sql-identifier';

export interface PostgresEventStoreOptions {
  readonly pool: Pool;
  /** PostgreSQL schema holding the store's tables (run `migrate(pool, schema)` first). */
  readonly schema?: string;
  /**
   * How often an idle subscription re-reads even without a commit notification (see
   * subscribe-to-all.ts for why it must). Defaults to 1 s.
   */
  readonly subscriptionRepollMs?: number;
}

/** The EventStore and SnapshotStore ports on PostgreSQL: the default store (ARCHITECTURE.md). */
export class PostgresEventStore implements EventStore, SnapshotStore {
  private readonly pool: Pool;
  readonly schema: string;
  private readonly subscriptionRepollMs: number | undefined;
  private readonly appends: AppendBatcher;

  constructor({ pool, schema = 'public', subscriptionRepollMs }: PostgresEventStoreOptions) {
    quoteIdentifier(schema); // fail at wiring time, not on the first append
    this.pool = pool;
    this.schema = schema;
    this.subscriptionRepollMs = subscriptionRepollMs;
    this.appends = new AppendBatcher(pool, schema);
  }

  /** Concurrent appends share a transaction (group commit, append-batch.ts). */
  appendToStream(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    return this.appends.append(streamId, events, options);
  }

  readStream(streamId: string, options: ReadStreamOptions): Promise<RecordedEvent[]> {
    return readStreamWith(this.pool, this.schema, streamId, options);
  }

  readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    return readAllWith(this.pool, this.schema, options);
  }

  /** How many events lie after `position` (all of them when undefined): a rebuild's total. */
  async countAfter(position: bigint | undefined): Promise<bigint> {
    const { rows } = await this.pool.query<{ count: string }>(`SELECT count(*)::text AS count FROM ${quoteIdentifier(this.schema)}.events WHERE position > $1::bigint`, [
      (position ?? 0n).toString(),
    ]);
    return BigInt(rows[0]?.count ?? '0');
  }

  /** Holds one dedicated connection (for LISTEN) until closed; it does not use a pool slot. */
  subscribeToAll(options: SubscribeToAllOptions = {}): EventSubscription {
    return subscribeToAllWith(this.pool, this.schema, options, this.subscriptionRepollMs);
  }

  saveSnapshot(streamId: string, snapshot: Snapshot): Promise<void> {
    return saveSnapshotWith(this.pool, this.schema, streamId, snapshot);
  }

  loadSnapshot(streamId: string, expectedSchemaVersion: number): Promise<Snapshot | undefined> {
    return loadSnapshotWith(this.pool, this.schema, streamId, expectedSchemaVersion);
  }
}
