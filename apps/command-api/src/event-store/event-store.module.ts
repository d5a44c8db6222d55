import { PostgresCommandIdempotency, PostgresEventStore } from '@ledger/event-store/postgres';
import { APP_CONFIG, PG_POOL, postgresConnection } from '@ledger/platform';
import { Module } from '@nestjs/common';
import { type Pool } from 'pg';
import type { CommandApiConfig } from '../command-api.config';
import { EventStoreSchema } from './event-store-schema';
import { COMMAND_IDEMPOTENCY, EVENT_STORE } from './event-store.tokens';
import { IdempotencyKeyCleanup } from './idempotency-key-cleanup';

const HOUR_MS = 3_600_000;

/**
 * The one place that decides which event store adapter the command side talks to
 * (`EVENT_STORE` in config). Everything else injects the ports by token.
 */
@Module({
  imports: [postgresConnection('command-api')],
  providers: [
    {
      provide: EVENT_STORE,
      inject: [PG_POOL, APP_CONFIG],
      useFactory: (pool: Pool, config: CommandApiConfig) => new PostgresEventStore({ pool, schema: config.eventStoreSchema }),
    },
    {
      provide: COMMAND_IDEMPOTENCY,
      inject: [PG_POOL, APP_CONFIG],
      useFactory: (pool: Pool, config: CommandApiConfig) =>
        new PostgresCommandIdempotency({
          pool,
          schema: config.eventStoreSchema,
          timeToLiveMs: config.idempotencyKeyTtlHours * HOUR_MS,
        }),
    },
    EventStoreSchema,
    IdempotencyKeyCleanup,
  ],
  exports: [EVENT_STORE, COMMAND_IDEMPOTENCY, EventStoreSchema],
})
export class EventStoreModule {}
