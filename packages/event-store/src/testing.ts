export { describeEventStoreContract, type EventStoreUnderTest } from './testing/event-store.contract';
export { describeCommandIdempotencyContract, type CommandIdempotencyUnderTest } from './testing/idempotency.contract';
