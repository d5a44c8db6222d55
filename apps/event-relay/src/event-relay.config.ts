import { eventStoreKinds, kurrentDbClients, parseKurrentDbUrl } from '@ledger/event-store/select';
import { DEFAULT_KAFKA_CLIENT, parseBrokerList, parseKafkaClient, parseTopicPrefix } from '@ledger/messaging';
import { authEnv, databaseUrlEnv, env, kafkaSecurityEnv, migrateOnBootEnv, platformEnv, postgresEnv, type ConfigOf } from '@ledger/platform';

/** EVENT_STORE=eventstoredb, KurrentDB's former name, still means kurrentdb (with a warning at boot). */
const eventStore = env.renamedValues(env.oneOf('EVENT_STORE', eventStoreKinds, 'postgres'), { eventstoredb: 'kurrentdb' });

/** Stream categories as they appear in topic names: no dash (it ends a category) and Kafka's characters only. */
function parseCategories(value: string): readonly string[] {
  const categories = value.split(',').map((category) => category.trim());
  const bad = categories.find((category) => !/^[a-zA-Z0-9._]{1,40}$/.test(category));
  if (bad !== undefined) throw new Error(`"${bad}" is not a stream category (letters, digits, '.', '_')`);
  return categories;
}

export const eventRelayConfigSchema = {
  ...platformEnv('EVENT_RELAY_PORT', 3003),
  ...authEnv(),
  ...kafkaSecurityEnv(),
  databaseUrl: databaseUrlEnv(),
  /** Reads, a checkpoint write per batch and /health probes: a handful is plenty. */
  databasePoolSize: env.integer('DATABASE_POOL_SIZE', 4, { min: 2, max: 100 }),
  /**
   * For the pooled sessions (reads of $all, checkpoint writes). The leadership session is separate:
   * it holds a session-level advisory lock outside any transaction, so no idle-in-transaction
   * limit can end it; its own idle_session_timeout and heartbeat decide its life.
   */
  ...postgresEnv({ statementTimeoutMs: 30_000, lockTimeoutMs: 5_000, idleInTransactionTimeoutMs: 10_000 }),
  kafkaBrokers: env.developmentDefault(env.custom('KAFKA_BROKERS', undefined, parseBrokerList), ['127.0.0.1:19092']),
  /** The client library under @ledger/messaging: the maintained @platformatic/kafka, or kafkajs as it was. */
  kafkaClient: env.custom('KAFKA_CLIENT', DEFAULT_KAFKA_CLIENT, parseKafkaClient),
  /** The store the command API appends to, relayed from; leadership and checkpoints stay in PostgreSQL either way. */
  eventStore,
  /** KurrentDB's connection string (`kurrentdb://host:2113?tls=false`), needed only with EVENT_STORE=kurrentdb; EVENTSTORE_URL is its former name. */
  kurrentDbUrl: env.renamed(env.requiredWhen(eventStore, 'kurrentdb', env.custom('KURRENTDB_URL', undefined, parseKurrentDbUrl)), 'EVENTSTORE_URL'),
  /** The Node client KurrentDB is reached through: @kurrent/kurrentdb-client, or @eventstore/db-client (`eventstoredb`). */
  kurrentDbClient: env.oneOf('KURRENTDB_CLIENT', kurrentDbClients, 'kurrentdb'),
  /** PostgreSQL only: the schema the command API stores events in; the relay reads it and never migrates it. */
  eventStoreSchema: env.sqlName('EVENT_STORE_SCHEMA', 'event_store'),
  /** The relay's own tables (its checkpoint), migrated when it first leads unless MIGRATE_ON_BOOT is off. */
  checkpointSchema: env.sqlName('RELAY_CHECKPOINT_SCHEMA', 'event_relay'),
  ...migrateOnBootEnv(),
  /** Topics are `<prefix>.<category>`; only tests change it, to share one broker safely. */
  topicPrefix: env.custom('RELAY_TOPIC_PREFIX', 'ledger', parseTopicPrefix),
  /** Categories whose topics are created at start; a new category's topic is created on its first event. */
  topicCategories: env.custom('RELAY_TOPIC_CATEGORIES', ['account', 'transfer'], parseCategories),
  /** The unit of consumer parallelism per category: six leaves room to scale projectors out. */
  topicPartitions: env.integer('RELAY_TOPIC_PARTITIONS', 6, { min: 1, max: 10_000 }),
  /** 1 for the local single broker; production uses 3 with min.insync.replicas 2 (ARCHITECTURE.md). */
  topicReplicationFactor: env.integer('RELAY_TOPIC_REPLICATION_FACTOR', 1, { min: 1, max: 32 }),
  topicMinInSyncReplicas: env.integer('RELAY_TOPIC_MIN_INSYNC_REPLICAS', 1, { min: 1, max: 32 }),
  /**
   * Most events per Kafka request. 500 envelopes (about 300 KB) amortise the acks=all round trip
   * over many events and stay well under Kafka's 1 MB default record-batch limit
   * (message.max.bytes) even if one partition gets them all.
   */
  batchSize: env.integer('RELAY_BATCH_SIZE', 500, { min: 1, max: 10_000 }),
};

export type EventRelayConfig = ConfigOf<typeof eventRelayConfigSchema>;
