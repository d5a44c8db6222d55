import type { DynamicModule } from '@nestjs/common';
import { Pool, type PoolConfig } from 'pg';
import type { PostgresConnectionConfig } from '../config/postgres-env';
import { connectionModule } from './connection.module';
import { pgPoolUsage } from './pg-pool-usage';
import { warnUnlessSessionLimitsHold } from './session-limits';

/** The app's PostgreSQL connection pool (`pg.Pool`). */
export const PG_POOL = Symbol('PG_POOL');

/**
 * How long the client waits for an answer beyond the server's own statement limit. The server
 * answers a statement it cancelled at once; only a server that froze or a network that dropped
 * packets stays silent past this, and then the query fails instead of holding its caller.
 */
export const CLIENT_ANSWER_MARGIN_MS = 1_000;

/**
 * Every session of the pool carries the app's limits as startup parameters, so they hold from the
 * first statement and for every statement, whoever issues it:
 * - `statement_timeout` and `lock_timeout`: a statement stuck behind another session's lock, or
 *   running away, fails (SQLSTATE 57014 / 55P03) instead of holding a pooled connection and its
 *   caller;
 * - `idle_in_transaction_session_timeout`: a transaction this app left open (a frozen event
 *   loop, a bug) is ended by the server, releasing its locks and no longer holding back readers
 *   of `$all`;
 * - `query_timeout` on the client: a server that stopped answering altogether cannot hold a
 *   request longer than the statement limit plus CLIENT_ANSWER_MARGIN_MS;
 * - `connectionTimeoutMillis`: opening a connection, or waiting for a free one, is bounded too.
 *
 * A transaction-pooling PgBouncer cannot pass the three server limits on (it refuses them, or
 * drops them with `ignore_startup_parameters`); it sets them on its server connections instead
 * (`connect_query`), and `warnUnlessSessionLimitsHold` says so when it does not. `application_name`
 * it passes on itself. `max` is the pool's size, reported as `ledger_db_pool_max_connections`.
 */
export function postgresPoolConfig(config: PostgresConnectionConfig, appName: string, reads: PoolReads = 'primary'): PoolConfig {
  return {
    connectionString: reads === 'replica' ? (config.readDatabaseUrl ?? config.databaseUrl) : config.databaseUrl,
    application_name: appName,
    max: config.databasePoolSize ?? 10,
    connectionTimeoutMillis: config.databaseConnectTimeoutMs,
    statement_timeout: config.databaseStatementTimeoutMs,
    lock_timeout: config.databaseLockTimeoutMs,
    idle_in_transaction_session_timeout: config.databaseIdleInTransactionTimeoutMs,
    query_timeout: config.databaseStatementTimeoutMs + CLIENT_ANSWER_MARGIN_MS,
  };
}

/**
 * Which server a pool talks to: `replica` is READ_DATABASE_URL when set (an app that never
 * writes, the query API), else DATABASE_URL like `primary`.
 */
export type PoolReads = 'primary' | 'replica';

/**
 * A pool on DATABASE_URL (or READ_DATABASE_URL, with `reads: 'replica'`) with the app's session
 * limits (`postgresEnv`), checked on /health with `SELECT 1`, ended on shutdown.
 */
export function postgresConnection(appName: string, { reads = 'primary' }: { readonly reads?: PoolReads } = {}): DynamicModule {
  return connectionModule<Pool, PostgresConnectionConfig>({
    token: PG_POOL,
    name: 'postgres',
    create: (config, logger) => {
      const pool = new Pool(postgresPoolConfig(config, appName, reads));
      // An idle connection dropped by the server (restart, failover, an idle transaction ended
      // by idle_in_transaction_session_timeout) is emitted here; unhandled, the event would
      // crash the process. The pool replaces the connection on next use.
      pool.on('error', (error) => logger.warn({ err: error }, 'idle PostgreSQL connection failed'));
      // pg-pool listens for errors only while a connection is idle. One checked out (a
      // transaction, an idempotency claim) that the server drops between two statements emits
      // 'error' with nobody listening, which ends the process. This listener stays for the
      // connection's life; the caller's next statement fails, and the pool discards the broken
      // connection when it is released.
      pool.on('connect', (client) => {
        client.on('error', (error) => logger.warn({ err: error }, 'PostgreSQL connection failed while in use'));
      });
      warnUnlessSessionLimitsHold(pool, config, logger);
      return pool;
    },
    check: async (pool) => {
      await pool.query('SELECT 1');
    },
    close: (pool) => pool.end(),
    poolUsage: pgPoolUsage,
  });
}
