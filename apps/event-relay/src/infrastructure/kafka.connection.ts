import { connectKafka, probeKafka } from '@ledger/messaging';
import { connectionModule } from '@ledger/platform';

/** The app's Kafka client, as `@ledger/messaging` builds it (kafkajs stays inside that package). */
export const KAFKA = Symbol('KAFKA');
export type KafkaClient = ReturnType<typeof connectKafka>;

/** Creating the client opens no connection; each /health probe connects, asks the cluster and disconnects. */
export const kafkaConnection = connectionModule<KafkaClient, { readonly kafkaBrokers: readonly string[] }>({
  token: KAFKA,
  name: 'kafka',
  create: (config) => connectKafka({ brokers: config.kafkaBrokers, clientId: 'event-relay', connectionTimeoutMs: 1_000 }),
  check: probeKafka,
});
