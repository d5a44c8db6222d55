import { type Pool } from 'pg';
import { type KurrentDbClientKind } from '../kurrentdb/kurrentdb-client-kind';
import { KurrentDbEventStore } from '../kurrentdb/kurrentdb-event-store';
import { type EventStore } from '../port/event-store';
import { type SnapshotStore } from '../port/snapshot-store';
import { PostgresEventStore } from '../postgres/postgres-event-store';
import { type EventStoreKind } from './event-store-kind';

/** The event store settings of an app's config, under the names every app's config gives them. */
export interface OpenEventStoreOptions {
  /** EVENT_STORE. */
  readonly eventStore: EventStoreKind;
  /** PostgreSQL: the schema of the store's tables (EVENT_STORE_SCHEMA). */
  readonly eventStoreSchema: string;
  /** KurrentDB: the connection string (KURRENTDB_URL); required for that kind. */
  readonly kurrentDbUrl: string | undefined;
  /** KurrentDB: the Node client to talk through (KURRENTDB_CLIENT). */
  readonly kurrentDbClient: KurrentDbClientKind;
}

/** What every adapter offers an app: the ports, snapshots, and the count a rebuild's progress needs. */
export type SelectedEventStore = EventStore &
  SnapshotStore & {
    /** How many events lie after `position` (all of them when undefined). */
    countAfter(position: bigint | undefined): Promise<bigint>;
  };

/**
 * The adapter config chose, by kind, so an app can wire what only one of them has (PostgreSQL's
 * idempotency keys share the append's transaction; KurrentDB's have their own streams).
 */
export type OpenedEventStore =
  | { readonly kind: 'postgres'; readonly store: PostgresEventStore; close(): Promise<void> }
  | { readonly kind: 'kurrentdb'; readonly store: KurrentDbEventStore; close(): Promise<void> };

/**
 * The one place that turns EVENT_STORE (and its settings) into an adapter, for every app. `pool`
 * is the app's, borrowed for PostgreSQL; the app ends it, never the store.
 * Nothing connects here: PostgreSQL queries go through the app's pool, and the KurrentDB client
 * connects on its first call, so an app boots (and says "down") while its store is away.
 * `close()` ends what the store opened itself: the KurrentDB client, not the borrowed pool.
 */
export function openEventStore(settings: OpenEventStoreOptions, pool: Pool): OpenedEventStore {
  const kind = settings.eventStore;
  switch (kind) {
    case 'postgres':
      return { kind, store: new PostgresEventStore({ pool, schema: settings.eventStoreSchema }), close: () => Promise.resolve() };
    case 'kurrentdb': {
      if (settings.kurrentDbUrl === undefined) throw new Error('EVENT_STORE=kurrentdb needs KURRENTDB_URL (kurrentdb://host:2113?tls=false)');
      const store = new KurrentDbEventStore({ connectionString: settings.kurrentDbUrl, client: settings.kurrentDbClient });
      return { kind, store, close: () => store.close() };
    }
  }
}
