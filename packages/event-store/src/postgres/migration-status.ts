import { type Pool } from 'pg';
import { EditedMigrationsError, PendingMigrationsError } from './migration-errors';
import { readMigrationFiles } from './migration-files';
import { planMigrations, type RecordedMigration } from './migration-plan';
import { quoteIdentifier } from './sql-identifier';

/** Where a schema stands against its migration files, read without changing anything. */
export interface MigrationStatus {
  readonly schema: string;
  /** Migrations a `ledger migrate` would apply, in order. */
  readonly pending: readonly string[];
  /** Applied before checksums were kept: a `ledger migrate` records their checksums. */
  readonly unverified: readonly string[];
}

const undefinedTable = '42P01';
const undefinedSchema = '3F000';

/**
 * The recorded migrations, or none when the schema or its table does not exist yet. The checksum
 * is read through `to_jsonb` so a table from before the checksum column answers too (null).
 */
async function recordedMigrations(pool: Pool, schema: string): Promise<RecordedMigration[]> {
  try {
    const result = await pool.query<RecordedMigration>(`SELECT name, to_jsonb(m) ->> 'checksum' AS checksum FROM ${quoteIdentifier(schema)}.schema_migrations m`);
    return result.rows;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === undefinedTable || code === undefinedSchema) return [];
    throw error;
  }
}

/**
 * Compares `schema` with the files of `directory` in one read, without the migrator's lock (a
 * migration running meanwhile is seen once it committed). Throws `EditedMigrationsError` when a
 * migration that ran was changed since.
 */
export async function sqlMigrationStatus(pool: Pool, schema: string, directory: string): Promise<MigrationStatus> {
  const plan = planMigrations(readMigrationFiles(directory), await recordedMigrations(pool, schema));
  if (plan.edited.length > 0) throw new EditedMigrationsError(schema, plan.edited);
  return { schema, pending: plan.pending.map((file) => file.name), unverified: plan.unverified.map((file) => file.name) };
}

/**
 * Throws `PendingMigrationsError` unless `schema` has every migration of `directory` (or
 * `EditedMigrationsError`): what an app that must not migrate checks before it works.
 */
export async function assertMigrated(pool: Pool, schema: string, directory: string): Promise<void> {
  const status = await sqlMigrationStatus(pool, schema, directory);
  if (status.pending.length > 0) throw new PendingMigrationsError(schema, status.pending);
}
