/** The `Projector` of `@ledger/projections/postgres`: the running projections and their dead letters. */
export const PROJECTOR = Symbol('PROJECTOR');

/** The `KafkaRecordProducer` that writes dead-letter topics. */
export const DEAD_LETTER_PRODUCER = Symbol('DEAD_LETTER_PRODUCER');
