import { PendingMigrationsError, relayCheckpointMigrations, runSqlMigrations } from '@ledger/event-store/postgres';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { PostgresCheckpointStore } from '../src/infrastructure/postgres-checkpoint-store';

/** The relay's checkpoint schema under the migrator: at boot, behind the migration step, and on an upgrade. */
describe('the relay checkpoint schema', () => {
  const pool = new Pool({ connectionString: process.env['DATABASE_URL'], max: 2 });
  const schemas: string[] = [];
  const freshSchema = () => {
    const schema = `relay_schema_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
    schemas.push(schema);
    return schema;
  };

  afterAll(async () => {
    for (const schema of schemas) await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool.end();
  });

  it('MIGRATE_ON_BOOT=false: a leader cannot prepare until the step ran, then checkpoints work', async () => {
    const schema = freshSchema();
    const checkpoints = new PostgresCheckpointStore({ pool, schema, migrateOnBoot: false });

    await expect(checkpoints.prepare()).rejects.toBeInstanceOf(PendingMigrationsError);
    await expect(checkpoints.prepare()).rejects.toThrow(`schema "${schema}" lacks migration 0001_checkpoints.sql`);
    expect(await checkpoints.load('relay')).toBeUndefined();

    await runSqlMigrations(pool, schema, relayCheckpointMigrations);

    await checkpoints.prepare();
    await checkpoints.save('relay', 42n);
    expect(await checkpoints.load('relay')).toBe(42n);
  });

  it('a schema an earlier relay made (its table, no schema_migrations) is adopted with its checkpoint', async () => {
    const schema = freshSchema();
    // What relays before the migrator created at start.
    await pool.query(`CREATE SCHEMA "${schema}"`);
    await pool.query(`CREATE TABLE "${schema}".checkpoints (name text PRIMARY KEY, position bigint NOT NULL, updated_at timestamptz NOT NULL DEFAULT now())`);
    await pool.query(`INSERT INTO "${schema}".checkpoints (name, position) VALUES ('relay', 7)`);

    await new PostgresCheckpointStore({ pool, schema }).prepare();

    expect(await new PostgresCheckpointStore({ pool, schema }).load('relay')).toBe(7n);
    const recorded = await pool.query<{ name: string }>(`SELECT name FROM "${schema}".schema_migrations`);
    expect(recorded.rows).toEqual([{ name: '0001_checkpoints.sql' }]);
  });
});
