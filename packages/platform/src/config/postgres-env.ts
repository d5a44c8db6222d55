import { env } from './env';

/** Server-side limits of an app's PostgreSQL sessions, in milliseconds; each app picks its defaults. */
export interface PostgresTimeouts {
  /** `statement_timeout`: the longest one statement may run. */
  readonly statementTimeoutMs: number;
  /** `lock_timeout`: the longest one statement may wait for a lock (a row, an advisory lock). */
  readonly lockTimeoutMs: number;
  /** `idle_in_transaction_session_timeout`: the longest a transaction may sit open with nothing running. */
  readonly idleInTransactionTimeoutMs: number;
}

/**
 * The command API's and the query API's session limits. They are the same on purpose: behind a
 * transaction-pooling PgBouncer the startup parameters that carry them do not get through, and
 * the pooler sets them on its server connections instead, so one set of values lets one pooled
 * database serve both APIs (docs/operations.md, "Connection pooling").
 */
export const API_SESSION_LIMITS: PostgresTimeouts = { statementTimeoutMs: 5_000, lockTimeoutMs: 2_000, idleInTransactionTimeoutMs: 10_000 };

/** What `postgresConnection` reads from an app's config (`postgresEnv()` provides all but the URL). */
export interface PostgresConnectionConfig {
  readonly databaseUrl: string;
  /** A replica for reads (`readReplicaEnv`); a pool opened with `reads: 'replica'` uses it when set. */
  readonly readDatabaseUrl?: string;
  readonly databasePoolSize?: number;
  readonly databaseStatementTimeoutMs: number;
  readonly databaseLockTimeoutMs: number;
  readonly databaseIdleInTransactionTimeoutMs: number;
  readonly databaseConnectTimeoutMs: number;
}

const MINUTE_MS = 60_000;

/** The local stack's database: a development default only, so production never runs on its well-known password. */
export const LOCAL_DATABASE_URL = 'postgres://ledger:ledger@127.0.0.1:55432/ledger';

/** DATABASE_URL, required when NODE_ENV=production. */
export function databaseUrlEnv() {
  return env.developmentDefault(env.url('DATABASE_URL', undefined, ['postgres:', 'postgresql:']), LOCAL_DATABASE_URL);
}

/**
 * DATABASE_DIRECT_URL, the PostgreSQL server itself, for an API whose DATABASE_URL goes through a
 * transaction-pooling PgBouncer: a session that must outlive a transaction (the query API's
 * LISTEN) would be handed to another client there. Unset: DATABASE_URL, which must then reach
 * the server directly (`directDatabaseUrl`).
 */
export function databaseDirectUrlEnv() {
  return { databaseDirectUrl: env.optional(env.url('DATABASE_DIRECT_URL', undefined, ['postgres:', 'postgresql:'])) };
}

/** Where a session that must not go through a transaction pooler connects. */
export function directDatabaseUrl(config: { readonly databaseUrl: string; readonly databaseDirectUrl?: string | undefined }): string {
  return config.databaseDirectUrl ?? config.databaseUrl;
}

/**
 * READ_DATABASE_URL, a streaming replica of DATABASE_URL's server for an app that only reads
 * (unset: it reads from DATABASE_URL), and the replication lag past which the app is not ready.
 */
export function readReplicaEnv() {
  return {
    readDatabaseUrl: env.optional(env.url('READ_DATABASE_URL', undefined, ['postgres:', 'postgresql:'])),
    readReplicaMaxLagSeconds: env.integer('READ_REPLICA_MAX_LAG_SECONDS', 30, { min: 1, max: 86_400 }),
  };
}

/**
 * The PostgreSQL session limits of an app, with the app's own defaults (the projector's rebuild
 * batches need longer statements than a command does). 0 is not accepted: a session without a
 * limit is exactly what these settings exist to prevent.
 */
export function postgresEnv(defaults: PostgresTimeouts) {
  return {
    databaseStatementTimeoutMs: env.integer('DATABASE_STATEMENT_TIMEOUT_MS', defaults.statementTimeoutMs, { min: 100, max: 60 * MINUTE_MS }),
    databaseLockTimeoutMs: env.integer('DATABASE_LOCK_TIMEOUT_MS', defaults.lockTimeoutMs, { min: 100, max: 60 * MINUTE_MS }),
    databaseIdleInTransactionTimeoutMs: env.integer('DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS', defaults.idleInTransactionTimeoutMs, {
      min: 100,
      max: 60 * MINUTE_MS,
    }),
    /** Waiting for a connection, a new one or a free pool slot: an unreachable server fails fast. */
    databaseConnectTimeoutMs: env.integer('DATABASE_CONNECT_TIMEOUT_MS', 1_500, { min: 100, max: MINUTE_MS }),
  };
}
