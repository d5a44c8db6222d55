import { join } from 'node:path';
import { type Pool } from 'pg';
import { applySqlMigrations } from './sql-migrations';

// The .sql files are copied next to the compiled code by the build (project.json), so the
// same relative paths work from src/ (tests) and dist/ (run time).

/** The event store's migrations (`EVENT_STORE_SCHEMA`). */
export const eventStoreMigrations = join(__dirname, 'migrations');

/**
 * The event relay's checkpoint table (`RELAY_CHECKPOINT_SCHEMA`). Kept here, beside the store
 * whose `$all` positions it records, because the `ledger` CLI migrates every schema and no app
 * may import another.
 */
export const relayCheckpointMigrations = join(__dirname, 'relay-checkpoint-migrations');

/** Applies the event store's pending migrations to `schema` (see `applySqlMigrations`). */
export function migrate(pool: Pool, schema = 'public'): Promise<string[]> {
  return applySqlMigrations(pool, schema, eventStoreMigrations);
}
