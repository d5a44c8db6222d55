import { APP_CONFIG, LOGGER, PG_POOL, postgresConnection, type AppLogger } from '@ledger/platform';
import { Module } from '@nestjs/common';
import { type Pool } from 'pg';
import { Registry } from 'prom-client';
import { createEventRelay } from './create-event-relay';
import { type EventRelayConfig } from './event-relay.config';
import { EVENT_RELAY, EventRelayLifecycle } from './event-relay.lifecycle';
import { KAFKA, kafkaConnection, type KafkaClient } from './infrastructure/kafka.connection';
import { RelayStatusController } from './relay/relay-status.controller';

/** Event store → Kafka: the checkpointed relay loop, one leader at a time; HTTP serves health, metrics and its status for operators. */
@Module({
  imports: [postgresConnection('event-relay'), kafkaConnection],
  controllers: [RelayStatusController],
  providers: [
    {
      provide: EVENT_RELAY,
      inject: [PG_POOL, KAFKA, APP_CONFIG, LOGGER, Registry],
      useFactory: (pool: Pool, kafka: KafkaClient, config: EventRelayConfig, logger: AppLogger, registry: Registry) =>
        createEventRelay({ pool, kafka, config, logger, registry }),
    },
    EventRelayLifecycle,
  ],
})
export class EventRelayModule {}
