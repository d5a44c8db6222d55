export { eventStoreKinds, type EventStoreKind } from './select/event-store-kind';
export { kurrentDbClients, type KurrentDbClientKind } from './kurrentdb/kurrentdb-client-kind';
export { kurrentDbSchemes, parseKurrentDbUrl } from './kurrentdb/connection-string';
export { openEventStore, type OpenedEventStore, type OpenEventStoreOptions, type SelectedEventStore } from './select/open-event-store';
export { openCommandIdempotency } from './select/open-command-idempotency';
