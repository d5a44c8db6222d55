import { Module } from '@nestjs/common';
import { KafkaModule } from './infrastructure/kafka.module';
import { PostgresModule } from './infrastructure/postgres.module';

/** Event store → Kafka. The checkpointed relay loop goes here; HTTP serves health and metrics. */
@Module({ imports: [PostgresModule, KafkaModule] })
export class EventRelayModule {}
