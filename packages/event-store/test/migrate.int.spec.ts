import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { migrate } from '../src/postgres';
import { migratedSchema, type MigratedSchema } from './postgres-test-schema';

const migrationFiles = readdirSync(join(__dirname, '..', 'src', 'postgres', 'migrations')).filter((f) => f.endsWith('.sql')).sort();

describe('migrate', () => {
  let db: MigratedSchema;
  beforeAll(async () => {
    db = await migratedSchema('es_migrate');
  });
  afterAll(async () => {
    await db.dispose();
  });

  it('applies every migration file in order', () => {
    expect(migrationFiles.slice(0, 6)).toEqual(['0001_events.sql', '0002_notify.sql', '0003_snapshots.sql', '0004_idempotency_keys.sql', '0005_append_batch.sql', '0006_append_repeat_probe.sql']);
  });

  it('records what ran and applies nothing twice, even when started concurrently', async () => {
    const again = await Promise.all([migrate(db.pool, db.schema), migrate(db.pool, db.schema)]);
    expect(again).toEqual([[], []]);
    const recorded = await db.pool.query<{ name: string }>(`SELECT name FROM "${db.schema}".schema_migrations ORDER BY name`);
    expect(recorded.rows.map((row) => row.name)).toEqual(migrationFiles);
  });
});
