import { openEventStore, type OpenedEventStore } from '@ledger/event-store/select';
import { type RecordProducer } from '@ledger/messaging';
import { APP_CONFIG, LOGGER, MONGO_CLIENT, PG_POOL, mongodbConnection, postgresConnection, type AppLogger } from '@ledger/platform';
import { Module } from '@nestjs/common';
import { type MongoClient } from 'mongodb';
import { type Pool } from 'pg';
import { DeadLettersController } from '../dead-letters/dead-letters.controller';
import { KAFKA, kafkaConnection, type KafkaClient } from '../infrastructure/kafka.connection';
import type { ProjectorConfig } from '../projector.config';
import { QueryCacheInvalidation } from '../query-cache/query-cache-invalidation';
import { RebuildsController } from '../rebuilds/rebuilds.controller';
import { createProjector } from './create-projector';
import { ProjectionMetrics } from './projection-metrics';
import { ProjectionsController } from './projections.controller';
import { ProjectorLifecycle } from './projector.lifecycle';
import { DEAD_LETTER_PRODUCER, EVENT_STORE, PROJECTOR } from './projector.token';
import { ReadModelSchema } from './read-model-schema';

/** Kafka → read models, their rebuilds, and the admin API over them (API.md, "Projector admin"). */
@Module({
  imports: [postgresConnection('projector'), mongodbConnection('projector'), kafkaConnection],
  controllers: [ProjectionsController, RebuildsController, DeadLettersController],
  providers: [
    ReadModelSchema,
    ProjectionMetrics,
    ProjectorLifecycle,
    QueryCacheInvalidation,
    { provide: DEAD_LETTER_PRODUCER, inject: [KAFKA], useFactory: (kafka: KafkaClient) => kafka.recordProducer() },
    {
      provide: EVENT_STORE,
      inject: [APP_CONFIG, PG_POOL],
      useFactory: (config: ProjectorConfig, pool: Pool) => openEventStore(config, pool),
    },
    {
      provide: PROJECTOR,
      inject: [APP_CONFIG, PG_POOL, MONGO_CLIENT, KAFKA, DEAD_LETTER_PRODUCER, EVENT_STORE, ProjectionMetrics, LOGGER, QueryCacheInvalidation],
      useFactory: (
        config: ProjectorConfig,
        pool: Pool,
        mongo: MongoClient,
        kafka: KafkaClient,
        deadLetterProducer: RecordProducer,
        eventStore: OpenedEventStore,
        metrics: ProjectionMetrics,
        logger: AppLogger,
        queryCache: QueryCacheInvalidation,
      ) =>
        createProjector({
          config,
          pool,
          mongo,
          kafka,
          eventStore: eventStore.store,
          deadLetterProducer,
          metrics,
          logger,
          queryCache,
        }),
    },
  ],
  // The console's snapshots read the same reports as GET /projections.
  exports: [PROJECTOR],
})
export class ProjectionsModule {}
