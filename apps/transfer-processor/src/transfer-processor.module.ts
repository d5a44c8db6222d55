import { ObservedCommandIdempotency, ObservedEventStore } from '@ledger/event-store';
import { openCommandIdempotency, openEventStore, type OpenedEventStore } from '@ledger/event-store/select';
import { eventTopics } from '@ledger/messaging';
import { APP_CONFIG, EventStoreAppendMetrics, LOGGER, PG_POOL, postgresConnection, type AppLogger } from '@ledger/platform';
import { Module } from '@nestjs/common';
import { type Pool } from 'pg';
import { KAFKA, kafkaConnection, type KafkaClient } from './infrastructure/kafka.connection';
import { LEG_KEY_TIME_TO_LIVE_MS, TransferLegs } from './process/transfer-legs';
import { TransferMetrics } from './process/transfer-metrics';
import { TransferProcessManager } from './process/transfer-process-manager';
import { TransferProcessorLifecycle } from './process/transfer-processor.lifecycle';
import { OPENED_EVENT_STORE, TRANSFER_CONSUMER } from './process/transfer-processor.tokens';
import type { TransferProcessorConfig } from './transfer-processor.config';

function consumerOf(config: TransferProcessorConfig, kafka: KafkaClient, opened: OpenedEventStore, pool: Pool, metrics: TransferMetrics, appendMetrics: EventStoreAppendMetrics, logger: AppLogger) {
  const idempotency = openCommandIdempotency(opened, pool, { eventStoreSchema: config.eventStoreSchema, timeToLiveMs: LEG_KEY_TIME_TO_LIVE_MS });
  const legs = new TransferLegs({
    store: new ObservedEventStore(opened.store, appendMetrics),
    idempotency: new ObservedCommandIdempotency(idempotency, appendMetrics),
    commandMaxAttempts: config.commandMaxAttempts,
    snapshotEvery: config.snapshotEvery,
    onLeg: (leg, answer) => metrics.leg(leg, answer),
  });
  const manager = new TransferProcessManager({
    legs,
    concurrency: config.concurrency,
    logger,
    onAdvanced: (outcome) => metrics.advancedTo(outcome),
    onRetrying: (count) => metrics.retrying(count),
  });
  return kafka.consumer({
    groupId: `${config.topicPrefix}.transfer-processor`,
    topics: [eventTopics(config.topicPrefix).ofCategory('transfer')],
    onBatch: manager.onBatch,
    onNotice: (notice) => (notice.kind === 'crashed' ? logger.error({ err: notice.error, restarting: notice.restarting }, 'consumer crashed') : logger.info({ partitions: notice.assigned }, 'joined the group')),
    maxWaitTimeMs: config.fetchMaxWaitMs,
    sessionTimeoutMs: config.sessionTimeoutMs,
    partitionsConsumedConcurrently: config.partitionConcurrency,
  });
}

/** Kafka (`transfer` topic) → account commands and transfer steps in the event store: the process manager of transfers. */
@Module({
  imports: [postgresConnection('transfer-processor'), kafkaConnection],
  providers: [
    TransferMetrics,
    EventStoreAppendMetrics,
    { provide: OPENED_EVENT_STORE, inject: [APP_CONFIG, PG_POOL], useFactory: (config: TransferProcessorConfig, pool: Pool) => openEventStore(config, pool) },
    { provide: TRANSFER_CONSUMER, inject: [APP_CONFIG, KAFKA, OPENED_EVENT_STORE, PG_POOL, TransferMetrics, EventStoreAppendMetrics, LOGGER], useFactory: consumerOf },
    TransferProcessorLifecycle,
  ],
})
export class TransferProcessorModule {}
