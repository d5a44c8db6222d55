import type { PostgresTimeouts } from '@ledger/platform/postgres-env';
import { StackError } from '../stack-error';

export interface PgBouncerSpec {
  /** PgBouncer listens on 127.0.0.1 only, like every server of the stack. */
  readonly listenPort: number;
  /**
   * The PostgreSQL server it pools, as a `postgres://user:password@host:port/database` URL: the
   * database is offered under its own name, and its user logs in to PgBouncer and to the server.
   */
  readonly server: string;
  /** The auth file's path (`pgbouncerAuthFile`), read when PgBouncer starts. */
  readonly authFile: string;
  /**
   * Set on every server connection it opens (`connect_query`), since the apps' startup
   * parameters are ignored; undefined sets none, which leaves sessions without limits.
   */
  readonly sessionLimits: PostgresTimeouts | undefined;
  /** Server connections per database and user: what every client shares. */
  readonly serverConnections: number;
  /** Client connections it accepts: the sum of the apps' pool sizes, with room. */
  readonly clientConnections: number;
}

/**
 * The startup parameters node-postgres sends for the apps' limits (postgresPoolConfig).
 * PgBouncer 1.18 refuses a connection carrying any parameter it does not track; told to ignore
 * them it drops them, so connect_query sets the limits on the server side instead.
 */
const limitParameters = ['statement_timeout', 'lock_timeout', 'idle_in_transaction_session_timeout'];

interface ServerLogin {
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly user: string;
  readonly password: string;
}

/** Names the config file holds unquoted: a quote or space in them would break its syntax. */
const plainName = /^[A-Za-z0-9_.-]+$/;

function serverLogin(server: string): ServerLogin {
  const url = new URL(server);
  const login = {
    host: url.hostname,
    port: url.port === '' ? 5_432 : Number(url.port),
    database: decodeURIComponent(url.pathname.replace(/^\//, '')),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
  };
  for (const [what, value] of [['host', login.host], ['database', login.database], ['user', login.user]] as const) {
    if (!plainName.test(value)) throw new StackError(`pgbouncer: the server's ${what} "${value}" is not a plain name (letters, digits, . _ -)`);
  }
  if (login.password === '') throw new StackError(`pgbouncer: ${url.host}/${login.database} has no password in its URL; PgBouncer logs in with it`);
  return login;
}

/** `SET …` of each limit, in milliseconds (PostgreSQL's unit for a bare number of these settings). */
function connectQuery(limits: PostgresTimeouts): string {
  return [
    `SET statement_timeout = ${limits.statementTimeoutMs}`,
    `SET lock_timeout = ${limits.lockTimeoutMs}`,
    `SET idle_in_transaction_session_timeout = ${limits.idleInTransactionTimeoutMs}`,
  ].join('; ');
}

/**
 * `pgbouncer.ini`: transaction pooling on 127.0.0.1, SCRAM for clients, the server's user as the
 * admin console's (`SHOW POOLS`, `SHOW STATS` on the database `pgbouncer`). No Unix socket, no
 * log file (its log goes to stderr, which the stack keeps) and no connection lines, which a test
 * run would write by the thousand. server_reset_query stays unused (its default in transaction
 * pooling): a DISCARD ALL would also reset what connect_query set.
 */
export function pgbouncerIni(spec: PgBouncerSpec): string {
  const server = serverLogin(spec.server);
  const limits = spec.sessionLimits === undefined ? '' : ` connect_query='${connectQuery(spec.sessionLimits)}'`;
  return [
    '; Written by infra/local/src/components/pgbouncer-config.ts at every start: edits here are lost.',
    '[databases]',
    `${server.database} = host=${server.host} port=${server.port} dbname=${server.database}${limits}`,
    '',
    '[pgbouncer]',
    'listen_addr = 127.0.0.1',
    `listen_port = ${spec.listenPort}`,
    'unix_socket_dir =',
    'pool_mode = transaction',
    `default_pool_size = ${spec.serverConnections}`,
    `max_client_conn = ${spec.clientConnections}`,
    // The embedded PostgreSQL stores SCRAM secrets (initdb -A scram-sha-256): PgBouncer answers
    // its challenge with the password in the auth file, and asks the apps for SCRAM too.
    'auth_type = scram-sha-256',
    `auth_file = ${spec.authFile}`,
    `admin_users = ${server.user}`,
    `ignore_startup_parameters = ${limitParameters.join(',')}`,
    'log_connections = 0',
    'log_disconnections = 0',
    '',
  ].join('\n');
}

/**
 * The auth file: the server's user with its password in clear, which PgBouncer needs to answer
 * the server's SCRAM challenge (a SCRAM secret would only work if it were the server's own,
 * read from pg_authid). Local development credentials only; written with mode 0600.
 */
export function pgbouncerAuthFile(spec: Pick<PgBouncerSpec, 'server'>): string {
  const { user, password } = serverLogin(spec.server);
  const quoted = (text: string): string => `"${text.replaceAll('"', '""')}"`;
  return `${quoted(user)} ${quoted(password)}\n`;
}

/** The pooled database's URL: the server's, with PgBouncer's address. */
export function pooledUrl(server: string, listenPort: number): string {
  const url = new URL(server);
  url.hostname = '127.0.0.1';
  url.port = String(listenPort);
  return url.href;
}
