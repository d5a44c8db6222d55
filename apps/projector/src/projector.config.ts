import { eventStoreKinds, kurrentDbClients, parseKurrentDbUrl } from '@ledger/event-store/select';
import { DEFAULT_KAFKA_CLIENT, parseBrokerList, parseKafkaClient, parseTopicPrefix } from '@ledger/messaging';
import { authEnv, databaseUrlEnv, env, kafkaSecurityEnv, migrateOnBootEnv, rateLimitEnv, mongodbEnv, platformEnv, postgresEnv, type ConfigOf } from '@ledger/platform';
import { DEFAULT_WRITE_STATEMENTS_MAX } from '@ledger/projections/mongodb';
import { consoleEnv } from './console/console.config';
import { ledgerProjectionNames } from './projections/ledger-projections';

/** `all`, or a comma-separated choice of known projections. */
function parseProjectionNames(value: string): readonly string[] {
  if (value === 'all') return ledgerProjectionNames;
  const names = value.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !ledgerProjectionNames.includes(name));
  if (unknown.length > 0) throw new Error(`unknown projection(s) ${unknown.join(', ')}; known: ${ledgerProjectionNames.join(', ')}, or all`);
  return [...new Set(names)];
}

/** `true` or `false`, nothing looser: a typo such as `ture` fails at boot instead of meaning "off". */
function parseBoolean(value: string): boolean {
  if (value === 'true' || value === 'false') return value === 'true';
  throw new Error(`"${value}" is not true or false`);
}

/** EVENT_STORE=eventstoredb, KurrentDB's former name, still means kurrentdb (with a warning at boot). */
const eventStore = env.renamedValues(env.oneOf('EVENT_STORE', eventStoreKinds, 'postgres'), { eventstoredb: 'kurrentdb' });

export const projectorConfigSchema = {
  ...platformEnv('PROJECTOR_PORT', 3002),
  ...authEnv(),
  ...kafkaSecurityEnv(),
  ...rateLimitEnv(),
  databaseUrl: databaseUrlEnv(),
  /** A batch holds one connection per partition in flight, per projection; admin calls and probes need a few more. */
  databasePoolSize: env.integer('DATABASE_POOL_SIZE', 20, { min: 2, max: 500 }),
  /**
   * A rebuild batch (PROJECTION_REBUILD_BATCH_SIZE events) is one transaction of long statements,
   * and a portfolio batch keeps its PostgreSQL transaction open while MongoDB writes (each bounded
   * by MONGODB_TIMEOUT_MS): longer limits than the APIs'. Every open projector transaction also
   * holds back the relay's reads of $all, so the idle limit stays well under a minute.
   */
  ...postgresEnv({ statementTimeoutMs: 60_000, lockTimeoutMs: 10_000, idleInTransactionTimeoutMs: 30_000 }),
  ...mongodbEnv(),
  /**
   * Statements per MongoDB write command. A MongoDB-wire server such as FerretDB 1.x needs about
   * one pooled connection per statement of a command in flight; see DEFAULT_WRITE_STATEMENTS_MAX.
   */
  mongodbWriteStatementsMax: env.integer('MONGODB_WRITE_STATEMENTS_MAX', DEFAULT_WRITE_STATEMENTS_MAX, { min: 1, max: 1_000 }),
  kafkaBrokers: env.developmentDefault(env.custom('KAFKA_BROKERS', undefined, parseBrokerList), ['127.0.0.1:19092']),
  /** The client library under @ledger/messaging: the maintained @platformatic/kafka, or kafkajs as it was. */
  kafkaClient: env.custom('KAFKA_CLIENT', DEFAULT_KAFKA_CLIENT, parseKafkaClient),
  /** The command side's store: read to fill gaps and to rebuild. */
  eventStore,
  /** KurrentDB's connection string (`kurrentdb://host:2113?tls=false`), needed only with EVENT_STORE=kurrentdb; EVENTSTORE_URL is its former name. */
  kurrentDbUrl: env.renamed(env.requiredWhen(eventStore, 'kurrentdb', env.custom('KURRENTDB_URL', undefined, parseKurrentDbUrl)), 'EVENTSTORE_URL'),
  /** The Node client KurrentDB is reached through: @kurrent/kurrentdb-client, or @eventstore/db-client (`eventstoredb`). */
  kurrentDbClient: env.oneOf('KURRENTDB_CLIENT', kurrentDbClients, 'kurrentdb'),
  /** PostgreSQL only: the schema of the command side's store, read (never migrated). */
  eventStoreSchema: env.sqlName('EVENT_STORE_SCHEMA', 'event_store'),
  /** The read-model tables, the guard and the dead letters, migrated at start unless MIGRATE_ON_BOOT is off. */
  readModelSchema: env.sqlName('READ_MODEL_SCHEMA', 'read_models'),
  ...migrateOnBootEnv(),
  /** Which projections this instance runs; every instance can still retry and skip any projection's dead letters. */
  projections: env.custom('PROJECTIONS', ledgerProjectionNames, parseProjectionNames),
  /** Topics are `<prefix>.<category>`, the consumer group `<prefix>.projector` (see projectorGroupId); only tests change it. */
  topicPrefix: env.custom('PROJECTOR_TOPIC_PREFIX', 'ledger', parseTopicPrefix),
  /** Used only if the projector starts before the relay created the topic: the relay's default, six. */
  topicPartitions: env.integer('PROJECTOR_TOPIC_PARTITIONS', 6, { min: 1, max: 10_000 }),
  topicReplicationFactor: env.integer('PROJECTOR_TOPIC_REPLICATION_FACTOR', 1, { min: 1, max: 32 }),
  topicMinInSyncReplicas: env.integer('PROJECTOR_TOPIC_MIN_INSYNC_REPLICAS', 1, { min: 1, max: 32 }),
  /** Tries per event before it is dead-lettered (the first included). */
  maxAttempts: env.integer('PROJECTION_MAX_ATTEMPTS', 5, { min: 1, max: 100 }),
  retryInitialDelayMs: env.integer('PROJECTION_RETRY_INITIAL_DELAY_MS', 100, { min: 1, max: 60_000 }),
  retryMaxDelayMs: env.integer('PROJECTION_RETRY_MAX_DELAY_MS', 5_000, { min: 1, max: 600_000 }),
  /** Longest idle fetch; see DEFAULT_MAX_WAIT_TIME_MS in @ledger/messaging for why 100 ms. */
  fetchMaxWaitMs: env.integer('PROJECTOR_FETCH_MAX_WAIT_MS', 100, { min: 10, max: 10_000 }),
  /**
   * How long the group waits for a silent instance before its partitions go to the others: what
   * a crashed projector costs. 2 s (heartbeats every 500 ms) gives failover within about 3 s;
   * brokers refuse a session shorter than their `group.min.session.timeout.ms` (6 s unless
   * lowered; the local stack sets 1 s), so lower that too or raise this.
   */
  sessionTimeoutMs: env.integer('PROJECTOR_SESSION_TIMEOUT_MS', 2_000, { min: 1_000, max: 300_000 }),
  /** Partitions applied at the same time (each projection in its own transaction per batch). */
  partitionConcurrency: env.integer('PROJECTOR_PARTITION_CONCURRENCY', 3, { min: 1, max: 64 }),
  /** Events per rebuild batch: each one transaction on the shadow copy, so larger is faster but holds locks longer. */
  rebuildBatchSize: env.integer('PROJECTION_REBUILD_BATCH_SIZE', 5_000, { min: 100, max: 100_000 }),
  /** How long a retired copy outlives the swap; the query API caches which copy is live for up to 1 s, so well above that. */
  rebuildGraceSeconds: env.integer('PROJECTION_REBUILD_GRACE_SECONDS', 60, { min: 5, max: 86_400 }),
  /** Off where a rebuild must be an operator's decision (a huge store): the projector then only warns that the version changed. */
  rebuildOnVersionChange: env.custom('PROJECTION_REBUILD_ON_VERSION_CHANGE', true, parseBoolean),
  ...consoleEnv(),
};

export type ProjectorConfig = ConfigOf<typeof projectorConfigSchema>;
