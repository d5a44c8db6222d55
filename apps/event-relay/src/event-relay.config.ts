import { parseBrokerList } from '@ledger/messaging';
import { env, platformEnv, type ConfigOf } from '@ledger/platform';

export const eventRelayConfigSchema = {
  ...platformEnv('EVENT_RELAY_PORT', 3003),
  databaseUrl: env.url('DATABASE_URL', 'postgres://ledger:ledger@127.0.0.1:55432/ledger', ['postgres:', 'postgresql:']),
  kafkaBrokers: env.custom('KAFKA_BROKERS', ['127.0.0.1:19092'], parseBrokerList),
};

export type EventRelayConfig = ConfigOf<typeof eventRelayConfigSchema>;
