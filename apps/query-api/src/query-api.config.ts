import { env, platformEnv, type ConfigOf } from '@ledger/platform';

export const queryApiConfigSchema = {
  ...platformEnv('QUERY_API_PORT', 3001),
  databaseUrl: env.url('DATABASE_URL', 'postgres://ledger:ledger@127.0.0.1:55432/ledger', ['postgres:', 'postgresql:']),
  mongodbUrl: env.url('MONGODB_URL', 'mongodb://127.0.0.1:27018/ledger', ['mongodb:', 'mongodb+srv:']),
};

export type QueryApiConfig = ConfigOf<typeof queryApiConfigSchema>;
