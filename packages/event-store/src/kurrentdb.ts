export { KurrentDbEventStore, type KurrentDbEventStoreOptions } from './kurrentdb/kurrentdb-event-store';
export { KurrentDbCommandIdempotency, type KurrentDbCommandIdempotencyOptions } from './kurrentdb/kurrentdb-command-idempotency';
export { deterministicEventId } from './kurrentdb/deterministic-event-ids';
export { kurrentDbClients, type KurrentDbClientKind } from './kurrentdb/kurrentdb-client-kind';
export { isKurrentDbUnreachable, type AppendExpectation, type Direction, type StreamsClient } from './kurrentdb/streams-client';
// The client's own types that StreamsClient speaks in (types only: nothing of the client is loaded).
export type { AllStreamResolvedEvent, ReadPosition, ResolvedEvent } from '@kurrent/kurrentdb-client';
