import { Module } from '@nestjs/common';
import { KafkaModule } from './infrastructure/kafka.module';
import { MongoDbModule } from './infrastructure/mongodb.module';
import { PostgresModule } from './infrastructure/postgres.module';

/** Kafka → read models. Projection runtime and the admin API (API.md, "Projector admin") go here. */
@Module({ imports: [KafkaModule, PostgresModule, MongoDbModule] })
export class ProjectorModule {}
