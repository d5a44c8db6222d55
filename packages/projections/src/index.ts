export type { ProjectionDefinition } from './port/projection';
export type { ReadModelStore, ReadModelWriter } from './port/read-model-store';
export type { SqlTransaction } from './port/sql-transaction';
export type { UnitOfWork } from './port/unit-of-work';
export type { StreamReader } from './port/stream-reader';
export type { EventHistory } from './port/event-history';
export { copyNameOf, type ReadModelCopies } from './port/read-model-copies';
export type { DeadLetterPublisher } from './port/dead-letter-publisher';
export type { ProjectionUnit, ProjectionUnits } from './port/projection-units';
export type { PartitionProgress, ProgressSource, ReadProgress } from './port/read-progress';
export {
  deadLetterStatuses,
  type DeadLetter,
  type DeadLetterDecision,
  type DeadLetterRecord,
  type DeadLetterResolution,
  type DeadLetterStatus,
  type DeadLetterTable,
  type NewDeadLetter,
} from './port/dead-letter';

export { ProjectionBatchProcessor, type BatchProcessorOptions } from './runtime/batch-processor';
export { RetryLater, type AttemptOutcome, type DeadLettered } from './runtime/batch-attempt';
export {
  ProjectionRunner,
  type DeadLetterCounts,
  type ProjectionReport,
  type ProjectionRunnerOptions,
  type RebuildSummary,
} from './runtime/projection-runner';
export { type PartitionLagReport } from './runtime/partition-lag';
export { ProjectionDispatcher, type ProjectionDispatcherOptions } from './runtime/projection-dispatcher';
export { RebuildEventError, RebuildInProgressError, RebuildNotFoundError } from './rebuild/rebuild-errors';
export { RebuildProgress } from './rebuild/rebuild-progress';
export {
  activeRebuildStates,
  type RebuildProgressUpdate,
  type RebuildReason,
  type RebuildRecord,
  type RebuildState,
} from './rebuild/rebuild-record';
export { ProjectionStatus, type ProjectionState, type ProjectionStatusSnapshot } from './runtime/projection-status';
export { backoffDelayMs, defaultRetryPolicy, transientRetryPolicy, type RetryPolicy } from './runtime/retry-policy';
export {
  ConcurrentWriteError,
  describeFailure,
  isPermanentFailure,
  MissingRevisionsError,
  PoisonEventError,
  TransientFailure,
} from './runtime/failures';
export { silentLogger, type ProjectionLogger } from './runtime/logger';

export {
  DeadLetterOperations,
  type DeadLetterAction,
  type DeadLetterOperationsOptions,
  type ProjectionHandle,
} from './dead-letters/dead-letter-operations';
export { DeadLetterNotFoundError, DeadLetterNotOpenError, UnknownProjectionError } from './dead-letters/dead-letter-errors';
export { type Release } from './dead-letters/release-waiting';

export { RevisionGuardedCache, type CachedView } from './query-cache/revision-guarded-cache';
export { connectQueryCacheRedis } from './query-cache/query-cache-redis';
export { CACHE_PAUSE_MS, RedisOutage } from './query-cache/redis-outage';
