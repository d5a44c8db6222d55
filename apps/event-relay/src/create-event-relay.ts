import { PostgresEventStore } from '@ledger/event-store/postgres';
import { eventTopics, KafkaEventPublisher } from '@ledger/messaging';
import { type AppLogger } from '@ledger/platform';
import { type Pool } from 'pg';
import { type Registry } from 'prom-client';
import { type EventRelayConfig } from './event-relay.config';
import { AdvisoryLockLeadership } from './infrastructure/advisory-lock-leadership';
import { type KafkaClient } from './infrastructure/kafka.connection';
import { PostgresCheckpointStore } from './infrastructure/postgres-checkpoint-store';
import { postgresHeadPosition } from './infrastructure/postgres-head-position';
import { EventRelay } from './relay/event-relay';
import { registerRelayGauges } from './relay/relay-gauges';
import { RelayMetrics } from './relay/relay-metrics';
import { RelayStatus } from './relay/relay-status';

export interface EventRelayParts {
  readonly pool: Pool;
  readonly kafka: KafkaClient;
  readonly config: EventRelayConfig;
  readonly logger: AppLogger;
  readonly registry: Registry;
}

/** A wired relay: start it, read its status, stop it. */
export interface EventRelayRuntime {
  readonly relay: EventRelay;
  readonly status: RelayStatus;
  /** Finishes the batch in hand, saves its checkpoint, releases the leadership, leaves Kafka. */
  stop(): Promise<void>;
}

/**
 * Names the checkpoint and the lock: what is relayed where. Another store schema or another
 * topic prefix is another relay, with its own progress and its own leader.
 */
export function relayNameOf(config: Pick<EventRelayConfig, 'eventStoreSchema' | 'topicPrefix'>): string {
  return `${config.eventStoreSchema}->${config.topicPrefix}`;
}

/** The one place that decides which adapters the relay runs on. */
export function createEventRelay({ pool, kafka, config, logger, registry }: EventRelayParts): EventRelayRuntime {
  const name = relayNameOf(config);
  const relayLogger = logger.child({ relay: name });
  const checkpoints = new PostgresCheckpointStore({ pool, schema: config.checkpointSchema });
  const publisher = new KafkaEventPublisher({
    kafka,
    topics: eventTopics(config.topicPrefix),
    partitions: config.topicPartitions,
    replication: { replicationFactor: config.topicReplicationFactor, minInSyncReplicas: config.topicMinInSyncReplicas },
  });
  const relay = new EventRelay({
    name,
    store: new PostgresEventStore({ pool, schema: config.eventStoreSchema }),
    publisher,
    checkpoints,
    batchSize: config.batchSize,
    leadership: new AdvisoryLockLeadership({
      connection: { connectionString: config.databaseUrl, application_name: 'event-relay-leadership', connectionTimeoutMillis: 1_500 },
      lockName: name,
      logger: relayLogger,
    }),
    prepare: async () => {
      await checkpoints.prepare();
      await publisher.ensureCategoryTopics(config.topicCategories);
    },
    metrics: new RelayMetrics(registry),
    logger: relayLogger,
  });
  const status = new RelayStatus({ relay, name, checkpoints, headPosition: postgresHeadPosition(pool, config.eventStoreSchema) });
  registerRelayGauges(registry, status);
  return {
    relay,
    status,
    stop: async () => {
      await relay.stop();
      await publisher.close();
    },
  };
}
