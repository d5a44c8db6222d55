import { postgresConnection } from '@ledger/platform';
import { Module } from '@nestjs/common';
import { kafkaConnection } from './infrastructure/kafka.connection';

/** Event store → Kafka. The checkpointed relay loop goes here; HTTP serves health and metrics. */
@Module({ imports: [postgresConnection('event-relay'), kafkaConnection] })
export class EventRelayModule {}
