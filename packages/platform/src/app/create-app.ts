import type { Type } from '@nestjs/common';
import { NestFactory, Reflector } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { JWTVerifyGetKey } from 'jose';
import type { DestinationStream } from 'pino';
import { AccessGuard } from '../auth/access.guard';
import type { AuthSettings } from '../auth/auth-config';
import { TokenVerifier } from '../auth/token-verifier';
import { configWarningsOf } from '../config/load-config';
import type { PlatformConfig } from '../config/platform-config';
import type { DomainErrorStatusTable } from '../errors/domain-error.exception';
import { ProblemDetailsFilter } from '../errors/problem-details.filter';
import { createValidationPipe } from '../errors/validation.pipe';
import { HealthChecks } from '../health/health-checks';
import { createLogger } from '../logging/create-logger';
import { PinoNestLogger } from '../logging/pino-nest-logger';
import { createMetricsRegistry } from '../metrics/create-metrics-registry';
import { setupOpenApi, type OpenApiInfo } from '../openapi/setup-openapi';
import { createFastifyAdapter, type AccessControl } from './create-fastify-adapter';
import type { RateLimitSettings } from '../abuse/rate-limit-config';
import { connectRedis } from '../abuse/redis-client';
import type { AppLogger } from '../logging/create-logger';
import { PlatformModule } from './platform.module';

export interface AppDefinition {
  /** The service name: `app` on every log line and metric, e.g. `command-api`. */
  readonly name: string;
  /** The app's own module; it sees the platform's providers (config, logger, ...) as globals. */
  readonly rootModule: Type<unknown>;
  readonly config: PlatformConfig;
  /** HTTP status per domain error code; see `DomainErrorException`. */
  readonly domainErrorStatuses?: DomainErrorStatusTable;
  /** The code of the 503 answered while a server the app needs is unreachable (default SERVICE_UNAVAILABLE). */
  readonly unavailableCode?: string;
  readonly openApi?: OpenApiInfo;
  /** Where log lines go; stdout unless a test wants them. */
  readonly logDestination?: DestinationStream;
  /**
   * Bearer tokens and roles on every route but /health (API.md "Identity and access"). Every app
   * sets it; only the platform's own tests of unrelated behaviour leave it out.
   */
  readonly auth?: AppAuthentication;
}

export interface AppAuthentication {
  readonly settings: AuthSettings;
  /** The issuer's keys without fetching them (unit tests of apps); the issuer's JWKS otherwise. */
  readonly keys?: JWTVerifyGetKey;
  /** Per-subject and per-address limits, for the apps that serve clients (not the relay). */
  readonly rateLimits?: RateLimitSettings;
}

/**
 * Builds and initialises an app with everything the platform promises (JSON logs, correlation
 * ids, problem+json errors, validation, /health, /metrics, /docs) without listening, so tests
 * can drive it with `app.inject()`. `bootstrapApp` is the production entry.
 */
export async function createApp(definition: AppDefinition): Promise<NestFastifyApplication> {
  const { name, config } = definition;
  const logger = createLogger({ app: name, level: config.logLevel, destination: definition.logDestination });
  for (const warning of configWarningsOf(config)) logger.warn(warning);
  const metrics = createMetricsRegistry(name);
  const healthChecks = new HealthChecks();
  const access = accessControlOf(name, definition.auth, logger, healthChecks);
  // Counters need no goodbye: disconnect also stops a client that is still trying to reconnect.
  const disconnectRedis = (): void => access?.limits?.redis.disconnect();
  try {
    const app = await NestFactory.create<NestFastifyApplication>(
      { imports: [PlatformModule.forRoot({ config, logger, metrics, healthChecks }), definition.rootModule] },
      await createFastifyAdapter(logger, metrics, config, access),
      // abortOnError: false makes a wiring error reject here instead of killing the process.
      { logger: new PinoNestLogger(logger), bodyParser: false, abortOnError: false },
    );
    app.useGlobalFilters(new ProblemDetailsFilter(logger, definition.domainErrorStatuses ?? {}, definition.unavailableCode));
    app.useGlobalPipes(createValidationPipe());
    if (definition.auth !== undefined) app.useGlobalGuards(new AccessGuard(app.get(Reflector)));
    setupOpenApi(app, definition.openApi ?? { title: name }, definition.auth !== undefined);
    app.getHttpAdapter().getInstance().addHook('onClose', (_instance, done) => {
      disconnectRedis();
      done();
    });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    return app;
  } catch (error) {
    // An app that never started must not keep a client reconnecting behind the caller's back.
    disconnectRedis();
    throw error;
  }
}

function accessControlOf(app: string, auth: AppAuthentication | undefined, logger: AppLogger, healthChecks: HealthChecks): AccessControl | undefined {
  if (auth === undefined) return undefined;
  const verifier = new TokenVerifier(auth.settings, auth.keys);
  const limits = auth.rateLimits === undefined ? undefined : { app, settings: auth.rateLimits, redis: connectRedis(auth.rateLimits.redisUrl, logger, healthChecks) };
  return { verifier, settings: auth.settings, ...(limits === undefined ? {} : { limits }) };
}
