import { PostgresCommandIdempotency, PostgresEventStore } from '../src/postgres';
import { describeCommandIdempotencyContract } from '../src/testing';
import { migratedSchema } from './postgres-test-schema';

describeCommandIdempotencyContract('postgres', async () => {
  const db = await migratedSchema('idempotency_contract');
  return {
    idempotency: (timeToLiveMs) => new PostgresCommandIdempotency({ pool: db.pool, schema: db.schema, timeToLiveMs }),
    store: new PostgresEventStore({ pool: db.pool, schema: db.schema }),
    dispose: db.dispose,
  };
});
