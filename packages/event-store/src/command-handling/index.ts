export {
  ConcurrencyConflictError,
  handleCommand,
  type CommandDecider,
  type CommandOutcome,
  type EventCodec,
  type HandleCommandOptions,
  type HandleCommandResult,
} from './handle-command';
export { LruStateCache, type StateCache } from './state-cache';
export { KeyedQueue, QueueFullError } from './stream-queue';
export { loadState, type LoadedState, type SnapshotReading, type StateFold, type StreamStore } from './load-state';
