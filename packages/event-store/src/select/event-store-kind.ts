/** The event store adapters an app can run on (config: EVENT_STORE); PostgreSQL is the default. */
export const eventStoreKinds = ['postgres', 'eventstoredb'] as const;

export type EventStoreKind = (typeof eventStoreKinds)[number];
