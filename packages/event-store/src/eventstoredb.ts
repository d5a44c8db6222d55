export { EventStoreDbEventStore, type EventStoreDbEventStoreOptions } from './eventstoredb/eventstoredb-event-store';
export { EventStoreDbCommandIdempotency, type EventStoreDbCommandIdempotencyOptions } from './eventstoredb/eventstoredb-command-idempotency';
export { deterministicEventId } from './eventstoredb/deterministic-event-ids';
