import { PostgresEventStore } from '../src/postgres';
import { describeEventStoreContract } from '../src/testing';
import { migratedSchema } from './postgres-test-schema';

describeEventStoreContract('postgres', async () => {
  const db = await migratedSchema('es_contract');
  const store = new PostgresEventStore({ pool: db.pool, schema: db.schema });
  return { store, snapshots: store, dispose: db.dispose };
});
