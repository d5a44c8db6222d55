export { describeEventStoreContract, type EventStoreUnderTest } from './testing/event-store.contract';
export { describeCommandIdempotencyContract, type CommandIdempotencyUnderTest, type IdempotencyCapabilities } from './testing/idempotency.contract';
export {
  startEventStoreDbStandIn,
  type EventStoreDbStandIn,
  type EventStoreDbStandInOptions,
} from './testing/eventstoredb-stand-in/start-eventstoredb-stand-in';
export { eventually, type EventuallyOptions } from './testing/eventually';
