import type { DynamicModule } from '@nestjs/common';
import { Pool } from 'pg';
import { connectionModule } from './connection.module';

/** The app's PostgreSQL connection pool (`pg.Pool`). */
export const PG_POOL = Symbol('PG_POOL');

/** A pool on DATABASE_URL (of DATABASE_POOL_SIZE connections when the app has that setting), checked on /health with `SELECT 1`, ended on shutdown. */
export function postgresConnection(appName: string): DynamicModule {
  return connectionModule<Pool, { readonly databaseUrl: string; readonly databasePoolSize?: number }>({
    token: PG_POOL,
    name: 'postgres',
    create: (config, logger) => {
      const pool = new Pool({
        connectionString: config.databaseUrl,
        application_name: appName,
        max: config.databasePoolSize ?? 10,
        // Fail a query fast when the server is unreachable instead of queueing behind a dead socket.
        connectionTimeoutMillis: 1_500,
      });
      // An idle connection dropped by the server (restart, failover) is emitted here; unhandled,
      // the event would crash the process. The pool replaces the connection on next use.
      pool.on('error', (error) => logger.warn({ err: error }, 'idle PostgreSQL connection failed'));
      return pool;
    },
    check: async (pool) => {
      await pool.query('SELECT 1');
    },
    close: (pool) => pool.end(),
  });
}
