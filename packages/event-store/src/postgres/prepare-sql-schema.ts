import { type Pool } from 'pg';
import { assertMigrated } from './migration-status';
import { applySqlMigrations } from './sql-migrations';

/**
 * What an app does with its schema at boot: migrates it when it may (`migrateOnBoot`, the
 * MIGRATE_ON_BOOT setting), else only checks that a migration step already did, throwing
 * `PendingMigrationsError` until then. Answers the migrations it applied.
 */
export async function prepareSqlSchema(pool: Pool, schema: string, directory: string, migrateOnBoot: boolean): Promise<string[]> {
  if (migrateOnBoot) return applySqlMigrations(pool, schema, directory);
  await assertMigrated(pool, schema, directory);
  return [];
}
