import { DEFAULT_KAFKA_CLIENT, kafkaClientNames, type KafkaClientName, type KafkaConnection } from './kafka-client';
import { kafkaSecurityOf, type KafkaSecurity, type KafkaSecurityConfig } from './kafka-security';
import { KafkajsConnection } from './kafkajs/kafkajs-connection';
import { PlatformaticConnection } from './platformatic/platformatic-connection';

/** Where the brokers are, who we are, and which client library speaks to them. */
export interface KafkaConnectionOptions {
  readonly brokers: readonly string[];
  readonly clientId: string;
  /** Bounded so a missing broker fails a health check or a boot quickly instead of hanging. */
  readonly connectionTimeoutMs?: number;
  /** `platformatic` (@platformatic/kafka, maintained) unless told otherwise; `kafkajs` is kept as an alternative. */
  readonly client?: KafkaClientName;
  /** SASL and TLS; none (plaintext, unauthenticated) unless given. */
  readonly security?: KafkaSecurity;
}

/** The one place that picks a client library; nothing outside this package names one. */
export function connectKafka(options: KafkaConnectionOptions): KafkaConnection {
  const settings = { brokers: [...options.brokers], clientId: options.clientId, connectionTimeoutMs: options.connectionTimeoutMs ?? 3_000, security: options.security ?? {} };
  return (options.client ?? DEFAULT_KAFKA_CLIENT) === 'kafkajs' ? new KafkajsConnection(settings) : new PlatformaticConnection(settings);
}

/** Reads `KAFKA_CLIENT`: empty means the default; anything else must name a client. */
export function parseKafkaClient(value: string | undefined): KafkaClientName {
  const name = value?.trim() ?? '';
  if (name === '') return DEFAULT_KAFKA_CLIENT;
  const known = kafkaClientNames.find((client) => client === name);
  if (known === undefined) throw new Error(`"${name}" is not a Kafka client: use ${kafkaClientNames.join(' or ')}`);
  return known;
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

/** What an app's config says about its Kafka clients (KAFKA_BROKERS, KAFKA_CLIENT, the security settings). */
export type AppKafkaConfig = { readonly kafkaBrokers: readonly string[]; readonly kafkaClient: KafkaClientName } & KafkaSecurityConfig;

/**
 * An app's connection as its config describes it, failing fast (1 s) when no broker answers so a
 * health probe or a boot does not hang. `readFile` reads the TLS CA file, once, here.
 */
export function connectAppKafka(config: AppKafkaConfig, clientId: string, readFile: (path: string) => string): KafkaConnection {
  return connectKafka({ brokers: config.kafkaBrokers, clientId, connectionTimeoutMs: 1_000, client: config.kafkaClient, security: kafkaSecurityOf(config, readFile) });
}
