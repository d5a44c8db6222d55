import { join } from 'node:path';
import { type Pool } from 'pg';
import { applySqlMigrations } from './sql-migrations';

// The .sql files are copied next to the compiled code by the build (project.json), so the
// same relative path works from src/ (tests) and dist/ (run time).
const migrationsDirectory = join(__dirname, 'migrations');

/** Applies the event store's pending migrations to `schema` (see `applySqlMigrations`). */
export function migrate(pool: Pool, schema = 'public'): Promise<string[]> {
  return applySqlMigrations(pool, schema, migrationsDirectory);
}
