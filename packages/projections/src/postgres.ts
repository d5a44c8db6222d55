export { migrateReadModels, readModelMigrations } from './postgres/migrate';
export { PostgresReadModelStore, type PostgresReadModelStoreOptions } from './postgres/postgres-read-model-store';
export { type PostgresProjection } from './postgres/postgres-projection';
export { PostgresProjectionUnits, type PostgresProjectionUnitsOptions } from './postgres/postgres-projection-units';
export { PostgresProgressSource, PostgresReadProgress } from './postgres/postgres-read-progress';
export { PostgresDeadLetters, type DeadLetterFilter } from './postgres/postgres-dead-letters';
export { isTransientPostgresError } from './postgres/postgres-errors';
export { Projector, type ProjectorOptions } from './postgres/projector';
export { PostgresReadModelCopies, type PostgresReadModelCopiesOptions } from './postgres/postgres-read-model-copies';
export { ProjectionVersions, type RecordedVersion } from './postgres/projection-versions';
export { lockProjection } from './postgres/projection-lock';
export { inTransaction, type TransactionEnds } from './postgres/in-transaction';
export { PostgresUnitOfWork } from './postgres/postgres-unit-of-work';
export { ProjectionRebuilds, DEFAULT_REBUILD_BATCH_SIZE, DEFAULT_REBUILD_GRACE_MS, type ProjectionRebuildsOptions } from './postgres/projection-rebuilds';
export { ProjectionRebuild, type ProjectionRebuildOptions, type RebuildOutcome, type SwapHold } from './postgres/projection-rebuild';
export { RebuildJournal, type RetiredCopy } from './postgres/rebuild-journal';
export {
  appliedRevisionPayloads,
  appliedRevisionsChannelOf,
  parseAppliedRevisions,
  type AppliedRevision,
  type AppliedRevisions,
} from './postgres/applied-revisions';
