export { describeEventStoreContract, type EventStoreUnderTest } from './testing/event-store.contract';
