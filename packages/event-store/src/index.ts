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
export type { EventSubscription, SubscribeToAllOptions } from './port/event-subscription';
export { shouldSnapshot, type Snapshot, type SnapshotStore } from './port/snapshot-store';
export {
  ConcurrencyConflictError,
  handleCommand,
  KeyedQueue,
  QueueFullError,
  LruStateCache,
  loadState,
  type LoadedState,
  type StateFold,
  type CommandDecider,
  type CommandOutcome,
  type EventCodec,
  type HandleCommandOptions,
  type HandleCommandResult,
  type StateCache,
} from './command-handling';
export type { CommandIdempotency, CommandStore, IdempotencyClaim, IdempotentOutcome } from './port/command-idempotency';
export { ObservedCommandIdempotency, ObservedEventStore, type AppendObserver, type AppendOutcome } from './metering';
export { contextOfTraceparent, inSpan, ledgerTracer, markFailed, traceBatch, traceparentOfActiveSpan, type BatchSpans } from './tracing/event-tracing';
