import { connectAppKafka, probeKafka, type AppKafkaConfig, type KafkaConnection } from '@ledger/messaging';
import { connectionModule } from '@ledger/platform';
import { readFileSync } from 'node:fs';

/** The app's Kafka client, as `@ledger/messaging` builds it (the client library stays inside that package). */
export const KAFKA = Symbol('KAFKA');
export type KafkaClient = KafkaConnection;

/** Creating the client opens no connection; each /health probe connects, asks the cluster and disconnects. */
export const kafkaConnection = connectionModule<KafkaClient, AppKafkaConfig>({
  token: KAFKA,
  name: 'kafka',
  create: (config) => connectAppKafka(config, 'transfer-processor', (path) => readFileSync(path, 'utf8')),
  check: probeKafka,
});
