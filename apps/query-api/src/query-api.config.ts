import { env, mongodbEnv, platformEnv, type ConfigOf } from '@ledger/platform';

export const queryApiConfigSchema = {
  ...platformEnv('QUERY_API_PORT', 3001),
  databaseUrl: env.url('DATABASE_URL', 'postgres://ledger:ledger@127.0.0.1:55432/ledger', ['postgres:', 'postgresql:']),
  ...mongodbEnv(),
  /** Where the projector keeps the PostgreSQL read models. */
  readModelSchema: env.sqlName('READ_MODEL_SCHEMA', 'read_models'),
  /** API.md: `minRevision` waits 5 s unless `timeoutMs` asks otherwise, never more than 30 s. */
  readYourWritesDefaultMs: env.integer('READ_YOUR_WRITES_DEFAULT_MS', 5_000, { min: 0, max: 30_000 }),
};

export type QueryApiConfig = ConfigOf<typeof queryApiConfigSchema>;
