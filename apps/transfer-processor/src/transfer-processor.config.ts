import { eventStoreKinds, kurrentDbClients, parseKurrentDbUrl } from '@ledger/event-store/select';
import { DEFAULT_KAFKA_CLIENT, parseBrokerList, parseKafkaClient, parseTopicPrefix } from '@ledger/messaging';
import { authEnv, databaseUrlEnv, env, kafkaSecurityEnv, migrateOnBootEnv, platformEnv, postgresEnv, type ConfigOf } from '@ledger/platform';

/** EVENT_STORE=eventstoredb, KurrentDB's former name, still means kurrentdb (with a warning at boot). */
const eventStore = env.renamedValues(env.oneOf('EVENT_STORE', eventStoreKinds, 'postgres'), { eventstoredb: 'kurrentdb' });

export const transferProcessorConfigSchema = {
  ...platformEnv('TRANSFER_PROCESSOR_PORT', 3005),
  ...authEnv(),
  ...kafkaSecurityEnv(),
  databaseUrl: databaseUrlEnv(),
  /**
   * A leg holds a connection while its transaction runs: up to TRANSFER_PROCESSOR_CONCURRENCY ×
   * TRANSFER_PROCESSOR_PARTITION_CONCURRENCY (24 by default) at once, plus probes.
   */
  databasePoolSize: env.integer('DATABASE_POOL_SIZE', 32, { min: 2, max: 500 }),
  /** The command API's limits: a leg is an account command like any other. */
  ...postgresEnv({ statementTimeoutMs: 5_000, lockTimeoutMs: 2_000, idleInTransactionTimeoutMs: 10_000 }),
  kafkaBrokers: env.developmentDefault(env.custom('KAFKA_BROKERS', undefined, parseBrokerList), ['127.0.0.1:19092']),
  /** The client library under @ledger/messaging: the maintained @platformatic/kafka, or kafkajs as it was. */
  kafkaClient: env.custom('KAFKA_CLIENT', DEFAULT_KAFKA_CLIENT, parseKafkaClient),
  /** The store the command API appends to: transfers and accounts are read and written there. */
  eventStore,
  /** KurrentDB's connection string, needed only with EVENT_STORE=kurrentdb; EVENTSTORE_URL is its former name. */
  kurrentDbUrl: env.renamed(env.requiredWhen(eventStore, 'kurrentdb', env.custom('KURRENTDB_URL', undefined, parseKurrentDbUrl)), 'EVENTSTORE_URL'),
  kurrentDbClient: env.oneOf('KURRENTDB_CLIENT', kurrentDbClients, 'kurrentdb'),
  /** PostgreSQL only: the schema of the store's tables (migrated by whichever app starts first, unless MIGRATE_ON_BOOT is off). */
  eventStoreSchema: env.sqlName('EVENT_STORE_SCHEMA', 'event_store'),
  ...migrateOnBootEnv(),
  /** Topics are `<prefix>.<category>`; only tests change it, to share one broker safely. */
  topicPrefix: env.custom('RELAY_TOPIC_PREFIX', 'ledger', parseTopicPrefix),
  /** Created with the relay's partition count when the processor starts first. */
  topicPartitions: env.integer('RELAY_TOPIC_PARTITIONS', 6, { min: 1, max: 10_000 }),
  topicReplicationFactor: env.integer('RELAY_TOPIC_REPLICATION_FACTOR', 1, { min: 1, max: 32 }),
  topicMinInSyncReplicas: env.integer('RELAY_TOPIC_MIN_INSYNC_REPLICAS', 1, { min: 1, max: 32 }),
  /** Longest idle fetch; see DEFAULT_MAX_WAIT_TIME_MS in @ledger/messaging. */
  fetchMaxWaitMs: env.integer('TRANSFER_PROCESSOR_FETCH_MAX_WAIT_MS', 100, { min: 10, max: 10_000 }),
  /** How long a silent instance keeps its partitions: the failover time after a crash. */
  sessionTimeoutMs: env.integer('TRANSFER_PROCESSOR_SESSION_TIMEOUT_MS', 2_000, { min: 1_000, max: 300_000 }),
  /** Partitions handled at once. */
  partitionConcurrency: env.integer('TRANSFER_PROCESSOR_PARTITION_CONCURRENCY', 3, { min: 1, max: 64 }),
  /** Transfers of one batch advanced at once; legs on one account still queue behind each other. */
  concurrency: env.integer('TRANSFER_PROCESSOR_CONCURRENCY', 8, { min: 1, max: 256 }),
  /** Attempts per account command when other writers keep winning, before the leg is retried whole. */
  commandMaxAttempts: env.integer('COMMAND_MAX_ATTEMPTS', 5, { min: 1, max: 50 }),
  /** Save an account's state after this many events since its last snapshot (as the command API does). */
  snapshotEvery: env.integer('SNAPSHOT_EVERY', 100, { min: 1, max: 1_000_000 }),
};

export type TransferProcessorConfig = ConfigOf<typeof transferProcessorConfigSchema>;
