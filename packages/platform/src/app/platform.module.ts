import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { Registry } from 'prom-client';
import { APP_CONFIG } from '../config/app-config.token';
import type { PlatformConfig } from '../config/platform-config';
import { HealthChecks } from '../health/health-checks';
import { HealthController } from '../health/health.controller';
import type { AppLogger } from '../logging/create-logger';
import { LOGGER } from '../logging/logger.token';
import { MetricsController } from '../metrics/metrics.controller';
import { stopTracing } from '../tracing/start-tracing';

export interface PlatformServices {
  readonly config: PlatformConfig;
  readonly logger: AppLogger;
  readonly metrics: Registry;
  readonly healthChecks: HealthChecks;
}

/**
 * What every app gets without asking: its config (`APP_CONFIG`), logger (`LOGGER`), metrics
 * registry (`Registry`) and health checks (`HealthChecks`), all global, plus `GET /health` and
 * `GET /metrics`. The instances are built by `createApp` before Nest starts, because Fastify's
 * hooks and logger need them before any module exists.
 */
@Module({})
export class PlatformModule implements OnApplicationShutdown {
  constructor(@Inject(LOGGER) private readonly logger: AppLogger) {}

  static forRoot(services: PlatformServices): DynamicModule {
    const providers = [
      { provide: APP_CONFIG, useValue: services.config },
      { provide: LOGGER, useValue: services.logger },
      { provide: Registry, useValue: services.metrics },
      { provide: HealthChecks, useValue: services.healthChecks },
    ];
    return {
      module: PlatformModule,
      global: true,
      providers,
      exports: providers.map((provider) => provider.provide),
      controllers: [HealthController, MetricsController],
    };
  }

  async onApplicationShutdown(signal?: string): Promise<void> {
    await stopTracing();
    this.logger.info({ signal }, 'stopped');
  }
}
