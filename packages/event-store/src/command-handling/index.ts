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
