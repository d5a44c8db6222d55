import { eventStoreMigrations, prepareSqlSchema } from '@ledger/event-store/postgres';
import { type AppLogger, type HealthChecks } from '@ledger/platform';
import { type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { type Pool } from 'pg';
import { EventStoreReadiness } from './event-store-readiness';
import { eventStoreUnavailable } from './event-store-unavailable';

const RETRY_MS = 2_000;

/**
 * The PostgreSQL store's readiness: brings its schema up to date at boot, under the migrator's
 * advisory lock, so several instances may start together; or, with MIGRATE_ON_BOOT off, checks
 * that the migration step did. The app must still boot (and say "down" on /health) while
 * PostgreSQL is away or the migration step has not run yet, so a failed attempt is retried in the
 * background; commands meanwhile get 503 instead of an SQL error about a missing table.
 */
export class EventStoreSchema extends EventStoreReadiness implements OnApplicationBootstrap, OnApplicationShutdown {
  private migrated = false;
  private lastError: unknown;
  private retry: NodeJS.Timeout | undefined;

  constructor(
    private readonly pool: Pool,
    private readonly schema: string,
    private readonly migrateOnBoot: boolean,
    private readonly logger: AppLogger,
    healthChecks: HealthChecks,
  ) {
    super();
    healthChecks.register({ name: 'eventStore', check: () => this.check() });
  }

  /** The first attempt is awaited, so an app that can reach its database is ready when it listens. */
  async onApplicationBootstrap(): Promise<void> {
    await this.migrate();
  }

  onApplicationShutdown(): void {
    clearTimeout(this.retry);
  }

  /** Throws 503 until the schema is ready. */
  override assertReady(): void {
    if (!this.migrated) throw eventStoreUnavailable();
  }

  private async migrate(): Promise<void> {
    try {
      const applied = await prepareSqlSchema(this.pool, this.schema, eventStoreMigrations, this.migrateOnBoot);
      this.migrated = true;
      this.logger.info({ schema: this.schema, applied, migrateOnBoot: this.migrateOnBoot }, 'event store schema ready');
    } catch (error) {
      this.lastError = error;
      this.logger.warn({ err: error, retryInMs: RETRY_MS }, 'event store schema not ready; retrying');
      this.retry = setTimeout(() => void this.migrate(), RETRY_MS);
      this.retry.unref();
    }
  }

  private check(): Promise<{ schema: string }> {
    if (!this.migrated) {
      const reason = this.lastError instanceof Error ? this.lastError.message : 'migrating';
      return Promise.reject(new Error(`schema ${this.schema} not ready: ${reason}`));
    }
    return Promise.resolve({ schema: this.schema });
  }
}
