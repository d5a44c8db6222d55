import { applySqlMigrations } from '@ledger/event-store/postgres';
import { join } from 'node:path';
import { type Pool } from 'pg';

/**
 * The read models' migrations (`READ_MODEL_SCHEMA`). The .sql files are copied next to the
 * compiled code by the build (project.json), so the same relative path works from src/ (tests)
 * and dist/ (run time).
 */
export const readModelMigrations = join(__dirname, 'migrations');

/**
 * Creates or updates the read-model tables in `schema` (the projector runs it at boot unless
 * MIGRATE_ON_BOOT is off; query-side tests run it to get the same tables). See
 * `applySqlMigrations` for the guarantees.
 */
export function migrateReadModels(pool: Pool, schema = 'read_models'): Promise<string[]> {
  return applySqlMigrations(pool, schema, readModelMigrations);
}
