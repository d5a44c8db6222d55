import { eventStoreMigrations, relayCheckpointMigrations } from '@ledger/event-store/postgres';
import { readModelMigrations } from '@ledger/projections/postgres';
import { type MigrateConfig } from './migrate-config';

/** One PostgreSQL schema of Ledger and the directory of its numbered migrations. */
export interface LedgerSchema {
  readonly title: string;
  readonly schema: string;
  readonly migrations: string;
}

/**
 * Every schema Ledger keeps in PostgreSQL, in the order the apps that own them are upgraded
 * (store, relay, projectors). The transfer processor has no tables of its own: it writes to the
 * event store. The MongoDB read model needs no migration: its documents are found by `_id` only.
 */
export function ledgerSchemas(config: Pick<MigrateConfig, 'eventStore' | 'eventStoreSchema' | 'checkpointSchema' | 'readModelSchema'>): LedgerSchema[] {
  const eventStore: LedgerSchema[] = config.eventStore === 'postgres' ? [{ title: 'event store', schema: config.eventStoreSchema, migrations: eventStoreMigrations }] : [];
  return [
    ...eventStore,
    { title: 'relay checkpoints', schema: config.checkpointSchema, migrations: relayCheckpointMigrations },
    { title: 'read models', schema: config.readModelSchema, migrations: readModelMigrations },
  ];
}
