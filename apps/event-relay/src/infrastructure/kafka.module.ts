import { connectKafka, probeKafka } from '@ledger/messaging';
import { APP_CONFIG, HealthChecks } from '@ledger/platform';
import { Inject, Module } from '@nestjs/common';
import type { EventRelayConfig } from '../event-relay.config';

/** The app's Kafka client, as `@ledger/messaging` builds it (kafkajs stays inside that package). */
export const KAFKA = Symbol('KAFKA');
export type KafkaClient = ReturnType<typeof connectKafka>;

function createKafka(config: EventRelayConfig): KafkaClient {
  return connectKafka({ brokers: config.kafkaBrokers, clientId: 'event-relay', connectionTimeoutMs: 1_000 });
}

/**
 * Owns the Kafka client and reports the cluster on /health. Creating the client opens no
 * connection, so boot never waits for a broker; each probe connects, asks and disconnects.
 */
@Module({
  providers: [{ provide: KAFKA, inject: [APP_CONFIG], useFactory: createKafka }],
  exports: [KAFKA],
})
export class KafkaModule {
  constructor(@Inject(KAFKA) kafka: KafkaClient, healthChecks: HealthChecks) {
    healthChecks.register({ name: 'kafka', check: () => probeKafka(kafka) });
  }
}
