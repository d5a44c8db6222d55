import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Pool } from 'pg';
import { quoteIdentifier } from './sql-identifier';

// The .sql files are copied next to the compiled code by the build (project.json), so the
// same relative path works from src/ (tests) and dist/ (run time).
const migrationsDirectory = join(__dirname, 'migrations');

interface Migration {
  readonly name: string;
  readonly sql: string;
}

function loadMigrations(): Migration[] {
  return readdirSync(migrationsDirectory)
    .filter((file) => /^\d{4}_.+\.sql$/.test(file))
    .sort()
    .map((name) => ({ name, sql: readFileSync(join(migrationsDirectory, name), 'utf8') }));
}

/**
 * Creates or updates the read-model tables in `schema` (the projector runs it at boot; query-side
 * tests run it to get the same tables). Each migration runs once, recorded in
 * `<schema>.schema_migrations`; an advisory lock per schema makes concurrent starts safe.
 * Returns the names it applied.
 */
export async function migrateReadModels(pool: Pool, schema = 'read_models'): Promise<string[]> {
  const quoted = quoteIdentifier(schema);
  const client = await pool.connect();
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
    const pending = loadMigrations().filter((migration) => !applied.has(migration.name));
    for (const migration of pending) {
      await client.query(migration.sql);
      await client.query('INSERT INTO schema_migrations (name) VALUES ($1)', [migration.name]);
    }
    await client.query('COMMIT');
    return pending.map((migration) => migration.name);
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}
