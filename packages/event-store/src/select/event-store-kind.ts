/**
 * The event store adapters an app can run on (config: EVENT_STORE); PostgreSQL is the default.
 * `kurrentdb` is KurrentDB, formerly EventStoreDB (EVENT_STORE=eventstoredb still means it).
 */
export const eventStoreKinds = ['postgres', 'kurrentdb'] as const;

export type EventStoreKind = (typeof eventStoreKinds)[number];
