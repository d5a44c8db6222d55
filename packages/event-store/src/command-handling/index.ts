export {
  ConcurrencyConflictError,
  handleCommand,
  type CommandDecider,
  type CommandOutcome,
  type EventCodec,
  type HandleCommandOptions,
  type HandleCommandResult,
} from './handle-command';
export { KeyedQueue } from './stream-queue';
