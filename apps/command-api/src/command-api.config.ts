import { eventStoreKinds, kurrentDbClients, parseKurrentDbUrl } from '@ledger/event-store/select';
import { API_SESSION_LIMITS, authEnv, databaseUrlEnv, env, migrateOnBootEnv, rateLimitEnv, platformEnv, postgresEnv, type ConfigOf } from '@ledger/platform';

/** EVENT_STORE=eventstoredb, KurrentDB's former name, still means kurrentdb (with a warning at boot). */
const eventStore = env.renamedValues(env.oneOf('EVENT_STORE', eventStoreKinds, 'postgres'), { eventstoredb: 'kurrentdb' });

export const commandApiConfigSchema = {
  ...platformEnv('COMMAND_API_PORT', 3000),
  ...authEnv(),
  ...rateLimitEnv(),
  /**
   * The server, or a transaction-pooling PgBouncer in front of it: nothing here holds a session
   * past its transaction (advisory locks are transaction-scoped, no LISTEN, no session SET, no
   * named prepared statements), so the command API reads no DATABASE_DIRECT_URL.
   */
  databaseUrl: databaseUrlEnv(),
  /** Which adapter stores events. */
  eventStore,
  /** KurrentDB's connection string (`kurrentdb://host:2113?tls=false`), needed only with EVENT_STORE=kurrentdb; EVENTSTORE_URL is its former name. */
  kurrentDbUrl: env.renamed(env.requiredWhen(eventStore, 'kurrentdb', env.custom('KURRENTDB_URL', undefined, parseKurrentDbUrl)), 'EVENTSTORE_URL'),
  /** The Node client KurrentDB is reached through: @kurrent/kurrentdb-client, or @eventstore/db-client (`eventstoredb`). */
  kurrentDbClient: env.oneOf('KURRENTDB_CLIENT', kurrentDbClients, 'kurrentdb'),
  /** PostgreSQL only: the schema of the store's tables, migrated at boot unless MIGRATE_ON_BOOT is off. */
  eventStoreSchema: env.sqlName('EVENT_STORE_SCHEMA', 'event_store'),
  ...migrateOnBootEnv(),
  /** Connections in the pool; a command holds one while it runs (longer with an Idempotency-Key). */
  databasePoolSize: env.integer('DATABASE_POOL_SIZE', 20, { min: 2, max: 500 }),
  /**
   * A command runs a few short statements; one stuck behind another session's lock fails
   * (503 EVENT_STORE_TIMEOUT) in 2 s instead of holding its connection. The idle limit ends a
   * transaction this app left open (a frozen event loop holding the store-wide append lock).
   * The query API's too: behind PgBouncer one pooled database serves both (API_SESSION_LIMITS).
   */
  ...postgresEnv(API_SESSION_LIMITS),
  /**
   * Commands on one account wait in this instance's queue for the one before them; beyond this
   * many the next is refused at once (503 TOO_MANY_PENDING_COMMANDS, Retry-After) instead of
   * piling up behind an account that is slow or stuck.
   */
  commandQueueMaxPerAccount: env.integer('COMMAND_QUEUE_MAX_PER_ACCOUNT', 100, { min: 1, max: 100_000 }),
  /** Save an account's state after this many events since its last snapshot. */
  snapshotEvery: env.integer('SNAPSHOT_EVERY', 100, { min: 1, max: 1_000_000 }),
  /**
   * Accounts whose last state this instance keeps after writing them, to decide the next command
   * without loading; a stale one costs a conflict and a reload. 0 turns the cache off.
   */
  stateCacheSize: env.integer('STATE_CACHE_SIZE', 10_000, { min: 0, max: 10_000_000 }),
  /**
   * The longest one command may take, queueing included: past it the client gets 503
   * EVENT_STORE_TIMEOUT (with Retry-After) while the store's own timeouts end the work. Each
   * statement is bounded already, but a server that froze lets a command meet several of them.
   */
  commandTimeoutMs: env.integer('COMMAND_TIMEOUT_MS', 8_000, { min: 1_000, max: 600_000 }),
  /** Attempts per command when concurrent writers keep winning (API.md: 409 CONCURRENCY_CONFLICT after). */
  commandMaxAttempts: env.integer('COMMAND_MAX_ATTEMPTS', 5, { min: 1, max: 50 }),
  /** API.md: keys are kept at least 24 h. */
  idempotencyKeyTtlHours: env.integer('IDEMPOTENCY_KEY_TTL_HOURS', 24, { min: 24, max: 24 * 365 }),
};

export type CommandApiConfig = ConfigOf<typeof commandApiConfigSchema>;
