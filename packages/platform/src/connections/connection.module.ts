import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { Registry } from 'prom-client';
import { APP_CONFIG } from '../config/app-config.token';
import type { HealthDetails } from '../health/health-check';
import { HealthChecks } from '../health/health-checks';
import type { AppLogger } from '../logging/create-logger';
import { LOGGER } from '../logging/logger.token';
import { registerPoolMetrics, type PoolUsage } from '../metrics/db-pool-metrics';

/** One client of an outside server (a pool, a driver), as every app wires it. */
export interface ConnectionDefinition<Client, Config> {
  /** The injection token apps use to receive the client. */
  readonly token: symbol;
  /** The dependency's name on `/health`. */
  readonly name: string;
  /** Reported on `/health/ready` without making the app unready while down (`HealthCheck.optional`). */
  readonly optional?: boolean;
  /** Must not wait for the server, so an app boots (and reports "down") while it is away. */
  readonly create: (config: Config, logger: AppLogger) => Client;
  /** A real request to the server; resolving means "up", with facts worth showing on /health. */
  readonly check: (client: Client) => Promise<HealthDetails | void>;
  readonly close?: (client: Client) => Promise<void>;
  /** A pooling client's usage, for `ledger_db_pool_*{pool=<name>}`; read at scrape time. */
  readonly poolUsage?: (client: Client) => PoolUsage;
}

/**
 * A module that provides the client under its token, reports it on `/health` and closes it
 * on shutdown. Each kind of connection is defined once (postgresConnection, ...), not per app.
 */
export function connectionModule<Client, Config>(definition: ConnectionDefinition<Client, Config>): DynamicModule {
  @Module({})
  class ConnectionLifecycle implements OnApplicationShutdown {
    constructor(@Inject(definition.token) private readonly client: Client, healthChecks: HealthChecks, registry: Registry) {
      healthChecks.register({ name: definition.name, optional: definition.optional === true, check: () => definition.check(client) });
      const { poolUsage } = definition;
      if (poolUsage !== undefined) registerPoolMetrics(registry, definition.name, () => poolUsage(client));
    }

    async onApplicationShutdown(): Promise<void> {
      await definition.close?.(this.client);
    }
  }
  Object.defineProperty(ConnectionLifecycle, 'name', { value: `${definition.name}ConnectionModule` });

  return {
    module: ConnectionLifecycle,
    providers: [{ provide: definition.token, inject: [APP_CONFIG, LOGGER], useFactory: definition.create }],
    exports: [definition.token],
  };
}
