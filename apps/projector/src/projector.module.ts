import { mongodbConnection, postgresConnection } from '@ledger/platform';
import { Module } from '@nestjs/common';
import { kafkaConnection } from './infrastructure/kafka.connection';

/** Kafka → read models. Projection runtime and the admin API (API.md, "Projector admin") go here. */
@Module({ imports: [postgresConnection('projector'), mongodbConnection('projector'), kafkaConnection] })
export class ProjectorModule {}
