/** The `Projector` of `@ledger/projections/postgres`: the running projections and their dead letters. */
export const PROJECTOR = Symbol('PROJECTOR');

/** The `RecordProducer` that writes dead-letter topics. */
export const DEAD_LETTER_PRODUCER = Symbol('DEAD_LETTER_PRODUCER');

/** The event store config chose (`OpenedEventStore`): read to fill gaps and to rebuild, never written. */
export const EVENT_STORE = Symbol('EVENT_STORE');
