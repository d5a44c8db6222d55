import { openEventStore, type OpenedEventStore } from '@ledger/event-store/select';
import { eventTopics, KafkaEventPublisher } from '@ledger/messaging';
import { type AppLogger } from '@ledger/platform';
import { type Pool } from 'pg';
import { type Registry } from 'prom-client';
import { type EventRelayConfig } from './event-relay.config';
import { AdvisoryLockLeadership } from './infrastructure/advisory-lock-leadership';
import { kurrentDbHeadPosition } from './infrastructure/kurrentdb-head-position';
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
  /** Finishes the batch in hand, saves its checkpoint, releases the leadership, leaves Kafka, closes the store's own client. */
  stop(): Promise<void>;
}

/**
 * Names the checkpoint and the lock: what is relayed where. Another store schema, another store
 * or another topic prefix is another relay, with its own progress and its own leader: positions
 * of one store mean nothing in another. (`:` and `$` cannot occur in a schema name, so a
 * KurrentDB relay never takes a PostgreSQL one's name.) A KurrentDB relay keeps the name it had
 * when KurrentDB was EventStoreDB: a new name would be a new relay, republishing `$all`.
 */
export function relayNameOf(config: Pick<EventRelayConfig, 'eventStore' | 'eventStoreSchema' | 'topicPrefix'>): string {
  switch (config.eventStore) {
    case 'postgres':
      return `${config.eventStoreSchema}->${config.topicPrefix}`;
    case 'kurrentdb':
      return `eventstoredb:$all->${config.topicPrefix}`;
  }
}

/** The store's newest position, for the lag: PostgreSQL's table, or `$all` read backwards. */
function headPositionOf(opened: OpenedEventStore, pool: Pool, config: EventRelayConfig): () => Promise<bigint> {
  switch (opened.kind) {
    case 'postgres':
      return postgresHeadPosition(pool, config.eventStoreSchema);
    case 'kurrentdb':
      return kurrentDbHeadPosition(opened.store);
  }
}

/** When the first event after a position was recorded: `$all` read forwards, one event, on either store. */
function recordedAfterOf(opened: OpenedEventStore): (position: bigint | undefined) => Promise<Date | undefined> {
  return async (position) => (await opened.store.readAll({ fromPosition: position, maxCount: 1 }))[0]?.recordedAt;
}

/**
 * The one place that decides which adapters the relay runs on. The source is the store config
 * names (EVENT_STORE); leadership (an advisory lock) and checkpoints stay in PostgreSQL with
 * either store, so the relay always needs DATABASE_URL.
 */
export function createEventRelay({ pool, kafka, config, logger, registry }: EventRelayParts): EventRelayRuntime {
  const name = relayNameOf(config);
  const relayLogger = logger.child({ relay: name });
  const source = openEventStore(config, pool);
  const checkpoints = new PostgresCheckpointStore({ pool, schema: config.checkpointSchema, migrateOnBoot: config.migrateOnBoot });
  const publisher = new KafkaEventPublisher({
    kafka,
    topics: eventTopics(config.topicPrefix),
    partitions: config.topicPartitions,
    replication: { replicationFactor: config.topicReplicationFactor, minInSyncReplicas: config.topicMinInSyncReplicas },
  });
  const relay = new EventRelay({
    name,
    store: source.store,
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
  const status = new RelayStatus({ relay, name, checkpoints, headPosition: headPositionOf(source, pool, config), recordedAfter: recordedAfterOf(source) });
  registerRelayGauges(registry, status);
  return {
    relay,
    status,
    stop: async () => {
      await relay.stop();
      await publisher.close();
      await source.close();
    },
  };
}
