export { describeEventStoreContract, type EventStoreUnderTest } from './testing/event-store.contract';
export { describeCommandIdempotencyContract, type CommandIdempotencyUnderTest, type IdempotencyCapabilities } from './testing/idempotency.contract';
export { eventually, type EventuallyOptions } from './testing/eventually';
export { recordSpans, type RecordedSpans } from './testing/recorded-spans';
