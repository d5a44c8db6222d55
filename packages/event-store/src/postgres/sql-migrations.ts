import { type Pool, type PoolClient } from 'pg';
import { EditedMigrationsError } from './migration-errors';
import { readMigrationFiles } from './migration-files';
import { planMigrations, type RecordedMigration } from './migration-plan';
import { rollBack } from './roll-back';
import { quoteIdentifier } from './sql-identifier';

/** What one run of the migrator did to a schema. */
export interface MigrationRun {
  readonly schema: string;
  /** Migrations applied, in order. */
  readonly applied: readonly string[];
  /** Migrations that ran before checksums were kept, whose checksums this run recorded. */
  readonly checksumsRecorded: readonly string[];
}

/**
 * The bookkeeping table. `checksum` came after the table: a table made by an earlier release
 * gets the column here, and its rows keep null until `planMigrations` records them.
 */
async function prepareBookkeeping(client: PoolClient): Promise<RecordedMigration[]> {
  await client.query(
    'CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now(), checksum text)',
  );
  await client.query('ALTER TABLE schema_migrations ADD COLUMN IF NOT EXISTS checksum text');
  return (await client.query<RecordedMigration>('SELECT name, checksum FROM schema_migrations')).rows;
}

/**
 * Applies the numbered SQL files of `directory` to `schema` that have not run there yet, each
 * once, recording them with their checksums in `<schema>.schema_migrations`, all in one
 * transaction. An advisory lock per schema makes concurrent runs safe: the second waits, then
 * finds nothing left to do. A migration that ran and was edited since fails the whole run
 * (`EditedMigrationsError`) before anything is applied. Unqualified names in the files (and
 * functions created `SET search_path FROM CURRENT`) land in `schema`. Shared by every package that
 * owns PostgreSQL tables.
 */
export async function runSqlMigrations(pool: Pool, schema: string, directory: string): Promise<MigrationRun> {
  const quoted = quoteIdentifier(schema);
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    // The key every release has used: a run of this release and an instance of an older one never migrate at once.
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1)::bigint)', [`${schema}.schema_migrations`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoted}`);
    await client.query(`SET LOCAL search_path TO ${quoted}`);
    const plan = planMigrations(readMigrationFiles(directory), await prepareBookkeeping(client));
    if (plan.edited.length > 0) throw new EditedMigrationsError(schema, plan.edited);
    for (const migration of plan.unverified) {
      await client.query('UPDATE schema_migrations SET checksum = $2 WHERE name = $1', [migration.name, migration.checksum]);
    }
    for (const migration of plan.pending) {
      await client.query(migration.sql);
      await client.query('INSERT INTO schema_migrations (name, checksum) VALUES ($1, $2)', [migration.name, migration.checksum]);
    }
    await client.query('COMMIT');
    return { schema, applied: plan.pending.map((migration) => migration.name), checksumsRecorded: plan.unverified.map((migration) => migration.name) };
  } catch (error) {
    broken = await rollBack(client, error);
    throw error;
  } finally {
    client.release(broken);
  }
}

/** `runSqlMigrations`, answering the names it applied. */
export async function applySqlMigrations(pool: Pool, schema: string, directory: string): Promise<string[]> {
  return [...(await runSqlMigrations(pool, schema, directory)).applied];
}
