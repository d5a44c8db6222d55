import { parseBrokerList } from '@ledger/messaging';
import { env, platformEnv, type ConfigOf } from '@ledger/platform';

export const projectorConfigSchema = {
  ...platformEnv('PROJECTOR_PORT', 3002),
  databaseUrl: env.url('DATABASE_URL', 'postgres://ledger:ledger@127.0.0.1:55432/ledger', ['postgres:', 'postgresql:']),
  mongodbUrl: env.url('MONGODB_URL', 'mongodb://127.0.0.1:27018/ledger', ['mongodb:', 'mongodb+srv:']),
  kafkaBrokers: env.custom('KAFKA_BROKERS', ['127.0.0.1:19092'], parseBrokerList),
};

export type ProjectorConfig = ConfigOf<typeof projectorConfigSchema>;
