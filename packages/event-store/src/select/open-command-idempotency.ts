import { type Pool } from 'pg';
import { KurrentDbCommandIdempotency } from '../kurrentdb/kurrentdb-command-idempotency';
import { type CommandIdempotency } from '../port/command-idempotency';
import { PostgresCommandIdempotency } from '../postgres/idempotency';
import { type OpenedEventStore } from './open-event-store';

/**
 * Idempotency keys for the adapter config chose, for every app that runs commands (the command
 * API, the transfer processor): PostgreSQL keeps them in the append's transaction, KurrentDB in
 * streams of their own.
 */
export function openCommandIdempotency(opened: OpenedEventStore, pool: Pool, settings: { readonly eventStoreSchema: string; readonly timeToLiveMs: number }): CommandIdempotency {
  switch (opened.kind) {
    case 'postgres':
      return new PostgresCommandIdempotency({ pool, schema: settings.eventStoreSchema, timeToLiveMs: settings.timeToLiveMs });
    case 'kurrentdb':
      return new KurrentDbCommandIdempotency({ store: opened.store, timeToLiveMs: settings.timeToLiveMs });
  }
}
