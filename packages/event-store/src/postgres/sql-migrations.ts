import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Pool } from 'pg';
import { rollBack } from './roll-back';
import { quoteIdentifier } from './sql-identifier';

interface Migration {
  readonly name: string;
  readonly sql: string;
}

/** `0001_events.sql`, `0002_…`: numbered files, applied in name order. */
function loadMigrations(directory: string): Migration[] {
  return readdirSync(directory)
    .filter((file) => /^\d{4}_.+\.sql$/.test(file))
    .sort()
    .map((name) => ({ name, sql: readFileSync(join(directory, name), 'utf8') }));
}

/**
 * Applies the numbered SQL files of `directory` to `schema` that have not run there yet, each
 * once, recording them in `<schema>.schema_migrations`, all in one transaction. An advisory lock
 * per schema makes concurrent starts safe: the second waits, then finds nothing left to do.
 * Unqualified names in the files (and functions created `SET search_path FROM CURRENT`) land in
 * `schema`. Returns the names it applied. Shared by every package that owns PostgreSQL tables.
 */
export async function applySqlMigrations(pool: Pool, schema: string, directory: string): Promise<string[]> {
  const quoted = quoteIdentifier(schema);
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1)::bigint)', [`${schema}.schema_migrations`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoted}`);
    await client.query(`SET LOCAL search_path TO ${quoted}`);
    await client.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const done = await client.query<{ name: string }>('SELECT name FROM schema_migrations');
    const applied = new Set(done.rows.map((row) => row.name));
    const pending = loadMigrations(directory).filter((migration) => !applied.has(migration.name));
    for (const migration of pending) {
      await client.query(migration.sql);
      await client.query('INSERT INTO schema_migrations (name) VALUES ($1)', [migration.name]);
    }
    await client.query('COMMIT');
    return pending.map((migration) => migration.name);
  } catch (error) {
    broken = await rollBack(client, error);
    throw error;
  } finally {
    client.release(broken);
  }
}
