import { Kafka, logLevel, type KafkaConfig } from 'kafkajs';

/** Where the brokers are and who we are; everything Kafka-specific stays in this package. */
export interface KafkaConnectionOptions {
  readonly brokers: readonly string[];
  readonly clientId: string;
  /** Bounded so a missing broker fails a health check or a boot quickly instead of hanging. */
  readonly connectionTimeoutMs?: number;
}

/**
 * The one place that constructs a kafkajs client, so a maintained client can replace kafkajs
 * later without touching the apps. kafkajs' own console logger is silenced: its retries are
 * surfaced through our health checks and errors instead.
 */
export function connectKafka(options: KafkaConnectionOptions): Kafka {
  const config: KafkaConfig = {
    clientId: options.clientId,
    brokers: [...options.brokers],
    connectionTimeout: options.connectionTimeoutMs ?? 3_000,
    logLevel: logLevel.NOTHING,
    retry: { retries: 3, initialRetryTime: 200 },
  };
  return new Kafka(config);
}

/** Parses `host:port,host:port` (KAFKA_BROKERS) into a broker list, rejecting empty entries. */
export function parseBrokerList(value: string): string[] {
  const brokers = value
    .split(',')
    .map((broker) => broker.trim())
    .filter((broker) => broker.length > 0);
  for (const broker of brokers) {
    if (!/^[^:\s]+:\d{1,5}$/.test(broker)) {
      throw new Error(`"${broker}" is not a host:port broker address`);
    }
  }
  if (brokers.length === 0) throw new Error('no broker address given');
  return brokers;
}
