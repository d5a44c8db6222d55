export { migrateReadModels } from './postgres/migrate';
export { PostgresReadModelStore, type PostgresReadModelStoreOptions } from './postgres/postgres-read-model-store';
export { type PostgresProjection } from './postgres/postgres-projection';
export { PostgresProjectionUnits, type PostgresProjectionUnitsOptions } from './postgres/postgres-projection-units';
export { PostgresDeadLetters, type DeadLetterFilter } from './postgres/postgres-dead-letters';
export { isTransientPostgresError } from './postgres/postgres-errors';
export { Projector, type ProjectorOptions } from './postgres/projector';
