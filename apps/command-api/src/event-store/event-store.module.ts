import { ObservedCommandIdempotency, ObservedEventStore, type CommandIdempotency } from '@ledger/event-store';
import { openCommandIdempotency, openEventStore, type OpenedEventStore } from '@ledger/event-store/select';
import { APP_CONFIG, EventStoreAppendMetrics, HealthChecks, LOGGER, PG_POOL, postgresConnection, type AppLogger } from '@ledger/platform';
import { Module } from '@nestjs/common';
import { type Pool } from 'pg';
import type { CommandApiConfig } from '../command-api.config';
import { EventStoreClosing } from './event-store-closing';
import { EventStoreReadiness } from './event-store-readiness';
import { EventStoreSchema } from './event-store-schema';
import { COMMAND_IDEMPOTENCY, EVENT_STORE, OPENED_EVENT_STORE } from './event-store.tokens';
import { KurrentDbReadiness } from './kurrentdb-readiness';
import { IdempotencyKeyCleanup } from './idempotency-key-cleanup';

const HOUR_MS = 3_600_000;

function commandIdempotencyOf(opened: OpenedEventStore, pool: Pool, config: CommandApiConfig, appendMetrics: EventStoreAppendMetrics): CommandIdempotency {
  const idempotency = openCommandIdempotency(opened, pool, { eventStoreSchema: config.eventStoreSchema, timeToLiveMs: config.idempotencyKeyTtlHours * HOUR_MS });
  return new ObservedCommandIdempotency(idempotency, appendMetrics);
}

/** PostgreSQL's schema is migrated (or checked, MIGRATE_ON_BOOT) before the first command; KurrentDB has none. */
function readinessOf(opened: OpenedEventStore, pool: Pool, config: CommandApiConfig, logger: AppLogger, healthChecks: HealthChecks): EventStoreReadiness {
  switch (opened.kind) {
    case 'postgres':
      return new EventStoreSchema(pool, config.eventStoreSchema, config.migrateOnBoot, logger, healthChecks);
    case 'kurrentdb':
      return new KurrentDbReadiness(opened.store, healthChecks);
  }
}

/**
 * The one place that decides which event store adapter the command side talks to
 * (`EVENT_STORE` in config). Everything else injects the ports by token.
 *
 * The PostgreSQL pool is opened in both modes because Nest imports are fixed before config is
 * read; with KurrentDB it serves nothing but its /health line (and the idempotency cleanup
 * has nothing to delete: KurrentDB scavenges expired keys itself).
 */
@Module({
  imports: [postgresConnection('command-api')],
  providers: [
    {
      provide: OPENED_EVENT_STORE,
      inject: [PG_POOL, APP_CONFIG],
      useFactory: (pool: Pool, config: CommandApiConfig) => openEventStore(config, pool),
    },
    EventStoreAppendMetrics,
    {
      provide: EVENT_STORE,
      inject: [OPENED_EVENT_STORE, EventStoreAppendMetrics],
      useFactory: (opened: OpenedEventStore, appendMetrics: EventStoreAppendMetrics) => new ObservedEventStore(opened.store, appendMetrics),
    },
    { provide: COMMAND_IDEMPOTENCY, inject: [OPENED_EVENT_STORE, PG_POOL, APP_CONFIG, EventStoreAppendMetrics], useFactory: commandIdempotencyOf },
    { provide: EventStoreReadiness, inject: [OPENED_EVENT_STORE, PG_POOL, APP_CONFIG, LOGGER, HealthChecks], useFactory: readinessOf },
    EventStoreClosing,
    IdempotencyKeyCleanup,
  ],
  exports: [EVENT_STORE, COMMAND_IDEMPOTENCY, EventStoreReadiness],
})
export class EventStoreModule {}
