import { type KafkaConnection } from '../kafka/kafka-client';
import { connectKafka, parseBrokerList, parseKafkaClient } from '../kafka/kafka-connection';

/**
 * The broker the test tiers run against (KAFKA_BROKERS, exported by their global setup) through the
 * client KAFKA_CLIENT names, so `KAFKA_CLIENT=kafkajs npm run test:int` runs every test on kafkajs.
 */
export function connectTestKafka(clientId: string): KafkaConnection {
  return connectKafka({ brokers: parseBrokerList(process.env['KAFKA_BROKERS'] ?? ''), clientId, client: parseKafkaClient(process.env['KAFKA_CLIENT']) });
}
