export type {
  AppendOptions,
  AppendResult,
  Direction,
  EventMetadata,
  EventStore,
  ExpectedRevision,
  JsonValue,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
} from './port/event-store';
export { WrongExpectedVersionError } from './port/wrong-expected-version.error';
export { categoryOf, streamIdOf } from './port/stream-id';
