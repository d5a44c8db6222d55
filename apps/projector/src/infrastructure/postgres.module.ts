import { APP_CONFIG, HealthChecks, LOGGER, type AppLogger } from '@ledger/platform';
import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Pool } from 'pg';
import type { ProjectorConfig } from '../projector.config';

/** The app's PostgreSQL connection pool (`pg.Pool`). */
export const PG_POOL = Symbol('PG_POOL');

function createPool(config: ProjectorConfig, logger: AppLogger): Pool {
  const pool = new Pool({
    connectionString: config.databaseUrl,
    application_name: 'projector',
    // Fail a query fast when the server is unreachable instead of queueing behind a dead socket.
    connectionTimeoutMillis: 1_500,
  });
  // An idle connection dropped by the server (restart, failover) is emitted here; unhandled, the
  // event would crash the process. The pool replaces the connection on next use.
  pool.on('error', (error) => logger.warn({ err: error }, 'idle PostgreSQL connection failed'));
  return pool;
}

/** Owns the pool: creates it lazily connected, reports it on /health, closes it on shutdown. */
@Module({
  providers: [{ provide: PG_POOL, inject: [APP_CONFIG, LOGGER], useFactory: createPool }],
  exports: [PG_POOL],
})
export class PostgresModule implements OnApplicationShutdown {
  constructor(@Inject(PG_POOL) private readonly pool: Pool, healthChecks: HealthChecks) {
    healthChecks.register({
      name: 'postgres',
      check: async () => {
        await pool.query('SELECT 1');
      },
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}
