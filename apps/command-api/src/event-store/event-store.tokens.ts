/** The event store (`EventStore & SnapshotStore`), bound to the adapter chosen by config. */
export const EVENT_STORE = Symbol('EVENT_STORE');

/** Idempotency keys (`CommandIdempotency`), kept by the same adapter as the events. */
export const COMMAND_IDEMPOTENCY = Symbol('COMMAND_IDEMPOTENCY');

/** The adapter config chose, with its kind (`OpenedEventStore`): for the wiring in this folder only. */
export const OPENED_EVENT_STORE = Symbol('OPENED_EVENT_STORE');
