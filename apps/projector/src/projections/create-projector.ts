import { type SelectedEventStore } from '@ledger/event-store/select';
import { deadLetterTopicOf, ensureTopics, eventTopics, type RecordProducer } from '@ledger/messaging';
import { Projector } from '@ledger/projections/postgres';
import type { AppLogger } from '@ledger/platform';
import { type MongoClient } from 'mongodb';
import { type Pool } from 'pg';
import type { KafkaClient } from '../infrastructure/kafka.connection';
import type { ProjectorConfig } from '../projector.config';
import type { QueryCacheInvalidation } from '../query-cache/query-cache-invalidation';
import { ledgerProjectionNames, ledgerProjections } from './ledger-projections';
import { type ProjectionMetrics } from './projection-metrics';

export interface ProjectorDependencies {
  readonly config: ProjectorConfig;
  readonly pool: Pool;
  readonly mongo: MongoClient;
  readonly kafka: KafkaClient;
  /** Gaps are healed from it (`readStream`), rebuilds read it (`readAll`, `countAfter`). */
  readonly eventStore: SelectedEventStore;
  readonly deadLetterProducer: RecordProducer;
  readonly metrics: ProjectionMetrics;
  readonly logger: AppLogger;
  /** Keeps the query API's cache of account reads current after account-summary commits. */
  readonly queryCache: QueryCacheInvalidation;
}

/**
 * The consumer group of projector instances running `projections`: `<prefix>.projector` for all
 * of them, else one group per set (`<prefix>.projector.<a>+<b>`), because instances sharing a
 * group split its partitions and each must run every projection the others run. "All" grows
 * with the projector: a set that was all before a projection was added names its own group now.
 */
export function projectorGroupId(prefix: string, projections: readonly string[]): string {
  const running = [...new Set(projections)].sort();
  const all = [...ledgerProjectionNames].sort();
  return running.length === all.length && running.every((name, index) => name === all[index]) ? `${prefix}.projector` : `${prefix}.projector.${running.join('+')}`;
}

/** The account and transfer projections wired to this app's connections and settings. */
export function createProjector({ config, pool, mongo, kafka, eventStore, deadLetterProducer, metrics, logger, queryCache }: ProjectorDependencies): Projector {
  const topics = eventTopics(config.topicPrefix);
  const replication = { replicationFactor: config.topicReplicationFactor, minInSyncReplicas: config.topicMinInSyncReplicas };
  return new Projector({
    definitions: queryCache.wire(
      ledgerProjections({
        pool,
        readModelSchema: config.readModelSchema,
        mongo: mongo.db(),
        mongoWriteStatementsMax: config.mongodbWriteStatementsMax,
      }),
    ),
    running: config.projections,
    pool,
    readModelSchema: config.readModelSchema,
    streams: eventStore,
    topicOf: (category) => topics.ofCategory(category),
    groupId: projectorGroupId(config.topicPrefix, config.projections),
    // Named as when each projection had a group of its own, so existing dead-letter topics stay.
    deadLetterTopicOf: (projection) => deadLetterTopicOf(`${config.topicPrefix}.projection.${projection}`),
    createConsumer: (options) => kafka.consumer(options),
    publisher: deadLetterProducer,
    logger,
    retry: { maxAttempts: config.maxAttempts, initialDelayMs: config.retryInitialDelayMs, maxDelayMs: config.retryMaxDelayMs },
    consumer: { maxWaitTimeMs: config.fetchMaxWaitMs, partitionsConsumedConcurrently: config.partitionConcurrency, sessionTimeoutMs: config.sessionTimeoutMs },
    // Brokers run with auto-creation off; if the relay has not created the source topic yet, the
    // projector does, with the relay's partition count, so either may start first.
    prepareTopics: async (names) => void (await ensureTopics(kafka, names.map((name) => ({ name, partitions: config.topicPartitions })), replication)),
    onCommitted: (projection, outcome, durationMs) => metrics.batchCommitted(projection, outcome, durationMs),
    rebuild: {
      batchSize: config.rebuildBatchSize,
      graceMs: config.rebuildGraceSeconds * 1_000,
      rebuildOnVersionChange: config.rebuildOnVersionChange,
      onEnded: (record, outcome) => metrics.rebuildEnded(record.projection, outcome.state),
    },
  });
}
