/** The event store (`EventStore & SnapshotStore`), bound to the adapter chosen by config. */
export const EVENT_STORE = Symbol('EVENT_STORE');

/** Idempotency keys (`CommandIdempotency`), kept by the same adapter as the events. */
export const COMMAND_IDEMPOTENCY = Symbol('COMMAND_IDEMPOTENCY');
