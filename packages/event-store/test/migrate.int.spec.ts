import { migrate } from '../src/postgres';
import { migratedSchema, type MigratedSchema } from './postgres-test-schema';

describe('migrate', () => {
  let db: MigratedSchema;
  beforeAll(async () => {
    db = await migratedSchema('es_migrate');
  });
  afterAll(async () => {
    await db.dispose();
  });

  it('records what ran and applies nothing twice, even when started concurrently', async () => {
    const again = await Promise.all([migrate(db.pool, db.schema), migrate(db.pool, db.schema)]);
    expect(again).toEqual([[], []]);
    const recorded = await db.pool.query<{ name: string }>(`SELECT name FROM "${db.schema}".schema_migrations ORDER BY name`);
    expect(recorded.rows.map((row) => row.name)).toEqual(['0001_events.sql', '0002_notify.sql', '0003_snapshots.sql']);
  });
});
