import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { migrate } from '../src/postgres';

export interface MigratedSchema {
  readonly pool: Pool;
  readonly schema: string;
  readonly dispose: () => Promise<void>;
}

/** A fresh, migrated schema per test file, so files run in parallel without sharing data. */
export async function migratedSchema(prefix: string): Promise<MigratedSchema> {
  const url = process.env['DATABASE_URL'];
  if (url === undefined) throw new Error('DATABASE_URL is not set: run via the int jest project (it starts the stack)');
  const pool = new Pool({ connectionString: url, max: 10 });
  const schema = `${prefix}_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  await migrate(pool, schema);
  return {
    pool,
    schema,
    dispose: async () => {
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await pool.end();
    },
  };
}
