import { type Pool } from 'pg';
import { EventStoreDbEventStore } from '../eventstoredb/eventstoredb-event-store';
import { type EventStore } from '../port/event-store';
import { type SnapshotStore } from '../port/snapshot-store';
import { PostgresEventStore } from '../postgres/postgres-event-store';
import { type EventStoreKind } from './event-store-kind';

export interface OpenEventStoreOptions {
  readonly kind: EventStoreKind;
  /** PostgreSQL: the app's pool, borrowed; the app ends it, never the store. */
  readonly pool: Pool;
  /** PostgreSQL: the schema of the store's tables (EVENT_STORE_SCHEMA). */
  readonly schema: string;
  /** EventStoreDB: the connection string (EVENTSTORE_URL); required for that kind. */
  readonly url: string | undefined;
}

/** What every adapter offers an app: the ports, snapshots, and the count a rebuild's progress needs. */
export type SelectedEventStore = EventStore &
  SnapshotStore & {
    /** How many events lie after `position` (all of them when undefined). */
    countAfter(position: bigint | undefined): Promise<bigint>;
  };

/**
 * The adapter config chose, by kind, so an app can wire what only one of them has (PostgreSQL's
 * idempotency keys share the append's transaction; EventStoreDB's have their own streams).
 */
export type OpenedEventStore =
  | { readonly kind: 'postgres'; readonly store: PostgresEventStore; close(): Promise<void> }
  | { readonly kind: 'eventstoredb'; readonly store: EventStoreDbEventStore; close(): Promise<void> };

/**
 * The one place that turns EVENT_STORE (and its settings) into an adapter, for every app.
 * Nothing connects here: PostgreSQL queries go through the app's pool, and the EventStoreDB
 * client connects on its first call, so an app boots (and says "down") while its store is away.
 * `close()` ends what the store opened itself: the EventStoreDB client, not the borrowed pool.
 */
export function openEventStore({ kind, pool, schema, url }: OpenEventStoreOptions): OpenedEventStore {
  switch (kind) {
    case 'postgres':
      return { kind, store: new PostgresEventStore({ pool, schema }), close: () => Promise.resolve() };
    case 'eventstoredb': {
      if (url === undefined) throw new Error('EVENT_STORE=eventstoredb needs EVENTSTORE_URL (esdb://host:2113?tls=false)');
      const store = new EventStoreDbEventStore({ connectionString: url });
      return { kind, store, close: () => store.close() };
    }
  }
}
