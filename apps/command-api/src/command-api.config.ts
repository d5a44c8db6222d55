import { env, platformEnv, type ConfigOf } from '@ledger/platform';

export const commandApiConfigSchema = {
  ...platformEnv('COMMAND_API_PORT', 3000),
  databaseUrl: env.url('DATABASE_URL', 'postgres://ledger:ledger@127.0.0.1:55432/ledger', ['postgres:', 'postgresql:']),
};

export type CommandApiConfig = ConfigOf<typeof commandApiConfigSchema>;
