import { StackError } from './stack-error';

function integerFrom(variable: string, fallback: number, range: { readonly min: number; readonly max: number }, what = `an integer between ${range.min} and ${range.max}`): number {
  const raw = process.env[variable];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < range.min || value > range.max) throw new StackError(`${variable}: "${raw}" is not ${what}`);
  return value;
}

function portFrom(variable: string, fallback: number): number {
  return integerFrom(variable, fallback, { min: 1, max: 65_535 }, 'a port (1-65535)');
}

/**
 * Ports of the local servers. The defaults stay clear of the usual ones (5432, 9092, 27017) so
 * a system PostgreSQL, Kafka or MongoDB on the same machine never clashes.
 */
export const ports = {
  postgres: portFrom('LEDGER_POSTGRES_PORT', 55_432),
  // The cluster profile's streaming replica of it.
  postgresReplica: portFrom('LEDGER_POSTGRES_REPLICA_PORT', 55_433),
  // The cluster profile's PgBouncer in front of it, for the command and query APIs.
  pgbouncer: portFrom('LEDGER_PGBOUNCER_PORT', 56_432),
  kafka: portFrom('LEDGER_KAFKA_PORT', 19_092),
  kafkaController: portFrom('LEDGER_KAFKA_CONTROLLER_PORT', 19_093),
  ferretdb: portFrom('LEDGER_FERRETDB_PORT', 27_018),
  // API.md's address for the local OpenID provider: the README's curl walkthrough uses it.
  oidc: portFrom('LEDGER_OIDC_PORT', 3_004),
  redis: portFrom('LEDGER_REDIS_PORT', 16_379),
  // The observability profile keeps the usual ports: OpenTelemetry's OTLP defaults, Jaeger's UI, Prometheus.
  jaeger: portFrom('LEDGER_JAEGER_PORT', 16_686),
  jaegerQueryGrpc: portFrom('LEDGER_JAEGER_QUERY_GRPC_PORT', 16_685),
  jaegerOtlpHttp: portFrom('LEDGER_JAEGER_OTLP_HTTP_PORT', 4_318),
  jaegerOtlpGrpc: portFrom('LEDGER_JAEGER_OTLP_GRPC_PORT', 4_317),
  prometheus: portFrom('LEDGER_PROMETHEUS_PORT', 9_090),
};

/**
 * The cluster profile's PgBouncer: server connections per database and user (shared by every
 * instance of both APIs), and client connections it accepts (each API instance opens up to its
 * DATABASE_POOL_SIZE).
 */
export const pgbouncerPools = {
  serverConnections: integerFrom('LEDGER_PGBOUNCER_POOL_SIZE', 20, { min: 1, max: 250 }),
  clientConnections: integerFrom('LEDGER_PGBOUNCER_MAX_CLIENT_CONNECTIONS', 1_000, { min: 10, max: 10_000 }),
};

/** Credentials of the local PostgreSQL only; a real deployment brings its own DATABASE_URL. */
export const localPostgres = { user: 'ledger', password: 'ledger', database: 'ledger', ferretDatabase: 'ferretdb' };

/** Servers the environment already points to: checked and used, never started or stopped. */
export const externalUrls = {
  DATABASE_URL: nonEmpty(process.env.DATABASE_URL),
  READ_DATABASE_URL: nonEmpty(process.env.READ_DATABASE_URL),
  POOLED_DATABASE_URL: nonEmpty(process.env.POOLED_DATABASE_URL),
  KAFKA_BROKERS: nonEmpty(process.env.KAFKA_BROKERS),
  MONGODB_URL: nonEmpty(process.env.MONGODB_URL),
  AUTH_ISSUER: nonEmpty(process.env.AUTH_ISSUER),
  REDIS_URL: nonEmpty(process.env.REDIS_URL),
  JAEGER_URL: nonEmpty(process.env.JAEGER_URL),
  PROMETHEUS_URL: nonEmpty(process.env.PROMETHEUS_URL),
};

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
