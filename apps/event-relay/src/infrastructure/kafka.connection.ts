import { connectKafka, kafkaSecurityOf, probeKafka, type KafkaClientName, type KafkaConnection, type KafkaSecurityConfig } from '@ledger/messaging';
import { connectionModule } from '@ledger/platform';
import { readFileSync } from 'node:fs';

/** The app's Kafka client, as `@ledger/messaging` builds it (the client library stays inside that package). */
export const KAFKA = Symbol('KAFKA');
export type KafkaClient = KafkaConnection;

/** Creating the client opens no connection; each /health probe connects, asks the cluster and disconnects. */
export const kafkaConnection = connectionModule<KafkaClient, { readonly kafkaBrokers: readonly string[]; readonly kafkaClient: KafkaClientName } & KafkaSecurityConfig>({
  token: KAFKA,
  name: 'kafka',
  create: (config) =>
    connectKafka({
      brokers: config.kafkaBrokers,
      clientId: 'event-relay',
      connectionTimeoutMs: 1_000,
      client: config.kafkaClient,
      security: kafkaSecurityOf(config, (path) => readFileSync(path, 'utf8')),
    }),
  check: probeKafka,
});
