export { bootstrapApp } from './app/bootstrap-app';
export { createApp, type AppAuthentication, type AppDefinition } from './app/create-app';
export { BODY_LIMIT_BYTES } from './app/create-fastify-adapter';
export { MAX_JSON_DEPTH, jsonShapeViolationOf } from './app/json-body-shape';
export { exitOnBootFailure } from './app/exit-on-boot-failure';
export { PlatformModule } from './app/platform.module';

export { APP_CONFIG } from './config/app-config.token';
export { ConfigError, InvalidValue, type ConfigIssue } from './config/config-error';
export { env, isProduction, type ConfigWarn, type EnvSource, type EnvVariable } from './config/env';
export { configWarningsOf, loadConfig, type ConfigOf, type ConfigSchema } from './config/load-config';
export { logLevels, mongodbEnv, platformEnv, type LogLevel, type PlatformConfig } from './config/platform-config';
export { kafkaSecurityEnv } from './config/kafka-env';
export { migrateOnBootEnv } from './config/migrate-on-boot-env';
export {
  API_SESSION_LIMITS,
  databaseDirectUrlEnv,
  databaseUrlEnv,
  directDatabaseUrl,
  LOCAL_DATABASE_URL,
  postgresEnv,
  readReplicaEnv,
  type PostgresConnectionConfig,
  type PostgresTimeouts,
} from './config/postgres-env';

export { CORRELATION_ID_HEADER } from './correlation/correlation-id';

export { DomainErrorException, type DomainError, type DomainErrorStatusTable } from './errors/domain-error.exception';
export { PROBLEM_CONTENT_TYPE, type FieldError, type ProblemDetails } from './errors/problem-details';
export { DEFAULT_RETRY_AFTER_SECONDS, problemFor, SERVICE_UNAVAILABLE } from './errors/problem-for';
export { isServerUnreachable } from './errors/server-unreachable';
export { createValidationPipe } from './errors/validation.pipe';
export { ValidationFailedException } from './errors/validation-failed.exception';
export { IsWellFormedText } from './validation/is-well-formed-text';
export { shortTextSchema } from './validation/short-text.schema';

export { HealthChecks } from './health/health-checks';
export type { CheckResult, HealthCheck, HealthDetails, HealthReport } from './health/health-check';

export { createLogger, type AppLogger } from './logging/create-logger';
export { LOGGER } from './logging/logger.token';
export { atMostEvery } from './logging/at-most-every';

export { HTTP_DURATION_METRIC } from './metrics/http-metrics.hook';
export { EventStoreAppendMetrics, type EventStoreAppendOutcome } from './metrics/event-store-append-metrics';
export type { PoolUsage } from './metrics/db-pool-metrics';

export { connectionModule, type ConnectionDefinition } from './connections/connection.module';
export { MONGO_CLIENT, mongodbConnection, type MongodbConnectionConfig } from './connections/mongodb.connection';
export { CLIENT_ANSWER_MARGIN_MS, PG_POOL, postgresConnection, postgresPoolConfig, type PoolReads } from './connections/postgres.connection';
export { configuredSessionLimits, sessionLimitDifferences, sessionLimitsOf, type SessionLimits } from './connections/session-limits';
export { measureReplicaLag, registerReplicaLagMonitoring, REPLICA_LAG_METRIC, type ReplicaLag } from './connections/replica-lag';

export { INT64_MAX, IsDecimalInteger, parseDecimalInteger, type DecimalIntegerRange } from './validation/decimal-integer';
export { PostgresListener, type PostgresListenerOptions } from './connections/postgres-listener';

export { ApiProblemResponses, PROBLEM_MEDIA_TYPE, problemResponse } from './openapi/problem-details.schema';

export {
  CONSOLE_CLIENT_ID,
  DEVELOPMENT_CLIENT,
  DEVELOPMENT_ISSUER,
  DEVELOPMENT_TOKEN_GRANT,
  LEDGER_AUDIENCE,
  requestDevelopmentToken,
  type DevelopmentTokenRequest,
} from './auth/development-token';
export { Allow, CurrentPrincipal, OpenToAnyone, principalOf } from './auth/access.decorators';
export { authEnv, type AuthSettings } from './auth/auth-config';
export { actorMetadataOf, isRole, mayActFor, ownerScopeOf, ROLES, type Principal, type Role } from './auth/principal';
export { ACCEPTED_ALGORITHMS, InvalidToken, KeysUnavailable, TokenVerifier } from './auth/token-verifier';
export { LOCAL_REDIS_URL, rateLimitEnv, type RateLimitSettings } from './abuse/rate-limit-config';
