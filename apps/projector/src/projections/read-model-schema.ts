import { prepareSqlSchema } from '@ledger/event-store/postgres';
import { readModelMigrations } from '@ledger/projections/postgres';
import { APP_CONFIG, HealthChecks, LOGGER, PG_POOL, type AppLogger } from '@ledger/platform';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { type Pool } from 'pg';
import type { ProjectorConfig } from '../projector.config';

const RETRY_MS = 2_000;

/**
 * Brings the read-model schema up to date at start (under the migrator's advisory lock, so
 * instances may start together), or with MIGRATE_ON_BOOT off checks that the migration step did.
 * Projections start only once it is ready: a batch against a missing table would look like a
 * poison event. While PostgreSQL is away or migrations are pending the app still starts, says
 * "down" on /health and retries in the background.
 */
@Injectable()
export class ReadModelSchema implements OnApplicationShutdown {
  readonly ready: Promise<void>;
  private migrated = false;
  private lastError: unknown;
  private retry: NodeJS.Timeout | undefined;
  private markReady: () => void = () => undefined;

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(APP_CONFIG) private readonly settings: ProjectorConfig,
    @Inject(LOGGER) private readonly logger: AppLogger,
    healthChecks: HealthChecks,
  ) {
    this.ready = new Promise((resolve) => (this.markReady = resolve));
    healthChecks.register({ name: 'readModels', check: () => this.check() });
  }

  /** The first attempt is awaited by the caller, so a projector that can reach PostgreSQL is ready when it listens. */
  async migrate(): Promise<void> {
    try {
      const { readModelSchema, migrateOnBoot } = this.settings;
      const applied = await prepareSqlSchema(this.pool, readModelSchema, readModelMigrations, migrateOnBoot);
      this.migrated = true;
      this.markReady();
      this.logger.info({ schema: readModelSchema, applied, migrateOnBoot }, 'read-model schema ready');
    } catch (error) {
      this.lastError = error;
      this.logger.warn({ err: error, retryInMs: RETRY_MS }, 'read-model schema not ready; retrying');
      this.retry = setTimeout(() => void this.migrate(), RETRY_MS);
      this.retry.unref();
    }
  }

  onApplicationShutdown(): void {
    clearTimeout(this.retry);
  }

  private check(): Promise<{ schema: string }> {
    if (!this.migrated) {
      const reason = this.lastError instanceof Error ? this.lastError.message : 'migrating';
      return Promise.reject(new Error(`schema ${this.settings.readModelSchema} not ready: ${reason}`));
    }
    return Promise.resolve({ schema: this.settings.readModelSchema });
  }
}
