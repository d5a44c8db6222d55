import { eventStoreKinds } from '@ledger/event-store/select';
import { databaseUrlEnv, env, postgresEnv, type ConfigOf } from '@ledger/platform';

/**
 * What `ledger migrate` reads: the apps' own variables, with the apps' defaults, so the migration
 * step and the apps it prepares cannot disagree about where the schemas are. It talks to
 * PostgreSQL directly (DATABASE_URL), never through an app.
 */
export const migrateConfigSchema = {
  databaseUrl: databaseUrlEnv(),
  /** With KurrentDB the events are not in PostgreSQL: there is no event store schema to migrate. */
  eventStore: env.renamedValues(env.oneOf('EVENT_STORE', eventStoreKinds, 'postgres'), { eventstoredb: 'kurrentdb' }),
  eventStoreSchema: env.sqlName('EVENT_STORE_SCHEMA', 'event_store'),
  checkpointSchema: env.sqlName('RELAY_CHECKPOINT_SCHEMA', 'event_relay'),
  readModelSchema: env.sqlName('READ_MODEL_SCHEMA', 'read_models'),
  /**
   * A migration may rewrite a large table, so statements get ten minutes. A lock it waits for
   * (another migrator's, or a table an app is using) is given 10 s at a time: an ALTER TABLE
   * queued behind a long transaction would stall every query of that table behind it, so the
   * step gives way and tries again (`withLockRetries`) rather than wait long.
   */
  ...postgresEnv({ statementTimeoutMs: 600_000, lockTimeoutMs: 10_000, idleInTransactionTimeoutMs: 60_000 }),
};

export type MigrateConfig = ConfigOf<typeof migrateConfigSchema>;
