import { API_SESSION_LIMITS, authEnv, databaseDirectUrlEnv, databaseUrlEnv, env, rateLimitEnv, mongodbEnv, platformEnv, postgresEnv, readReplicaEnv, type ConfigOf } from '@ledger/platform';
import { queryCacheEnv } from './query-cache/query-cache.config';

export const queryApiConfigSchema = {
  ...platformEnv('QUERY_API_PORT', 3001),
  ...authEnv(),
  ...rateLimitEnv(),
  ...queryCacheEnv(),
  /** The server, or a transaction-pooling PgBouncer in front of it: reads are single statements. */
  databaseUrl: databaseUrlEnv(),
  /** The server itself, for the one session that outlives a transaction: the LISTEN of revision-waiters.ts. */
  ...databaseDirectUrlEnv(),
  /** Reads (and read-your-writes checks) go to READ_DATABASE_URL when set; LISTEN stays on the primary (revision-waiters.ts). */
  ...readReplicaEnv(),
  /**
   * Reads are single short statements; the idle limit guards transactions nothing here opens
   * today. The command API's too: behind PgBouncer one pooled database serves both.
   */
  ...postgresEnv(API_SESSION_LIMITS),
  /** Connections in the pool; a read holds one for one statement, a read-your-writes wait none while it waits. */
  databasePoolSize: env.integer('DATABASE_POOL_SIZE', 10, { min: 2, max: 500 }),
  /**
   * A portfolio read is one point lookup: 4 s is generous, and with the PostgreSQL bounds keeps
   * every read under the 10 s a client is promised, even when MongoDB's storage froze.
   */
  ...mongodbEnv(4_000),
  /** Where the projector keeps the PostgreSQL read models. */
  readModelSchema: env.sqlName('READ_MODEL_SCHEMA', 'read_models'),
  /** API.md: `minRevision` waits 5 s unless `timeoutMs` asks otherwise, never more than 30 s. */
  readYourWritesDefaultMs: env.integer('READ_YOUR_WRITES_DEFAULT_MS', 5_000, { min: 0, max: 30_000 }),
  /** Waiters this instance holds at once; one more is refused with 503 TOO_MANY_WAITERS. */
  readYourWritesMaxWaiters: env.integer('READ_YOUR_WRITES_MAX_WAITERS', 1_000, { min: 1, max: 100_000 }),
  /** The safety net under the projector's notifications: how often all waiting accounts are re-read, in one query. */
  readYourWritesRecheckMs: env.integer('READ_YOUR_WRITES_RECHECK_MS', 1_000, { min: 10, max: 60_000 }),
};

export type QueryApiConfig = ConfigOf<typeof queryApiConfigSchema>;
