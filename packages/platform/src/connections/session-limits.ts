import { context, ROOT_CONTEXT } from '@opentelemetry/api';
import type { ClientBase, Pool } from 'pg';
import type { PostgresConnectionConfig } from '../config/postgres-env';
import type { AppLogger } from '../logging/create-logger';

/** The server settings that carry an app's limits, in milliseconds as `pg_settings` reports them (0: no limit). */
export type SessionLimits = Readonly<Record<'statement_timeout' | 'lock_timeout' | 'idle_in_transaction_session_timeout', number>>;

const settingNames = ['statement_timeout', 'lock_timeout', 'idle_in_transaction_session_timeout'] as const;

/** The limits the app's config asks every session of its pool to run under. */
export function configuredSessionLimits(config: PostgresConnectionConfig): SessionLimits {
  return {
    statement_timeout: config.databaseStatementTimeoutMs,
    lock_timeout: config.databaseLockTimeoutMs,
    idle_in_transaction_session_timeout: config.databaseIdleInTransactionTimeoutMs,
  };
}

/** Each setting a session runs with that is not the configured one, as `name: actual ms (configured ms)`; empty when all hold. */
export function sessionLimitDifferences(configured: SessionLimits, actual: SessionLimits): string[] {
  return settingNames.filter((name) => actual[name] !== configured[name]).map((name) => `${name}: ${actual[name]} ms (configured ${configured[name]} ms)`);
}

/** What the server applies to this session right now. */
export async function sessionLimitsOf(db: Pool | ClientBase): Promise<SessionLimits> {
  const { rows } = await db.query<{ name: string; setting: string }>('SELECT name, setting FROM pg_settings WHERE name = ANY($1::text[])', [settingNames]);
  const setting = (name: (typeof settingNames)[number]): number => Number(rows.find((row) => row.name === name)?.setting ?? Number.NaN);
  return { statement_timeout: setting('statement_timeout'), lock_timeout: setting('lock_timeout'), idle_in_transaction_session_timeout: setting('idle_in_transaction_session_timeout') };
}

/**
 * The limits travel as startup parameters, which a transaction-pooling PgBouncer refuses, or
 * drops when told to ignore them (`ignore_startup_parameters`); the pooler must then set them on
 * its server connections itself (`connect_query`), and nothing else would notice if it did not.
 * So once the pool has connected, it asks the server what it applies, and a difference is logged
 * as a warning naming each setting. A check that fails (the server went away) is asked again
 * after the next connection. It runs beside the caller's work, never queued on the caller's
 * connection, and outside any trace: it is the pool's own query, not a request's.
 */
export function warnUnlessSessionLimitsHold(pool: Pool, config: PostgresConnectionConfig, logger: AppLogger): void {
  const checkOnce = (): void => {
    pool.removeListener('connect', checkOnce);
    setImmediate(() => {
      context.with(ROOT_CONTEXT, () => sessionLimitsOf(pool)).then(
        (actual) => {
          const differences = sessionLimitDifferences(configuredSessionLimits(config), actual);
          if (differences.length > 0) {
            logger.warn({ differences }, 'PostgreSQL sessions do not run under the configured DATABASE_*_TIMEOUT_MS limits: a pooler between the app and the server dropped them (docs/operations.md, "Connection pooling")');
          }
        },
        () => pool.on('connect', checkOnce),
      );
    });
  };
  pool.on('connect', checkOnce);
}
