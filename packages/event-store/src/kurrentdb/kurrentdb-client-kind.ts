/**
 * The Node client the KurrentDB adapter talks through (config: KURRENTDB_CLIENT):
 * `@kurrent/kurrentdb-client`, the default, or `@eventstore/db-client`, the client of
 * EventStoreDB (KurrentDB's former name), kept selectable while it still works with the server.
 */
export const kurrentDbClients = ['kurrentdb', 'eventstoredb'] as const;

export type KurrentDbClientKind = (typeof kurrentDbClients)[number];
