import { eventStoreMigrations, relayCheckpointMigrations } from '@ledger/event-store/postgres';
import { readModelMigrations } from '@ledger/projections/postgres';
import { loadConfig } from '@ledger/platform';
import { ledgerSchemas } from './ledger-schemas';
import { withLockRetries } from './lock-retries';
import { migrateConfigSchema } from './migrate-config';

describe('ledgerSchemas', () => {
  it('every PostgreSQL schema, with the apps\' variables and defaults, store first', () => {
    expect(ledgerSchemas(loadConfig(migrateConfigSchema, {}))).toEqual([
      { title: 'event store', schema: 'event_store', migrations: eventStoreMigrations },
      { title: 'relay checkpoints', schema: 'event_relay', migrations: relayCheckpointMigrations },
      { title: 'read models', schema: 'read_models', migrations: readModelMigrations },
    ]);
    const named = loadConfig(migrateConfigSchema, { EVENT_STORE_SCHEMA: 'es', RELAY_CHECKPOINT_SCHEMA: 'relay', READ_MODEL_SCHEMA: 'rm' });
    expect(ledgerSchemas(named).map((each) => each.schema)).toEqual(['es', 'relay', 'rm']);
  });

  it('with KurrentDB the events are not in PostgreSQL: no event store schema', () => {
    const config = loadConfig(migrateConfigSchema, { EVENT_STORE: 'kurrentdb' });
    expect(ledgerSchemas(config).map((each) => each.title)).toEqual(['relay checkpoints', 'read models']);
  });

  it('needs DATABASE_URL in production, like the apps', () => {
    expect(() => loadConfig(migrateConfigSchema, { NODE_ENV: 'production' })).toThrow('DATABASE_URL: is required when NODE_ENV is production');
  });
});

describe('withLockRetries', () => {
  const lockTimeout = Object.assign(new Error('canceling statement due to lock timeout'), { code: '55P03' });

  function retries(attempts: number) {
    const notes: string[] = [];
    const slept: number[] = [];
    return {
      notes,
      slept,
      options: {
        attempts,
        delayMs: 2_000,
        sleep: (ms: number) => {
          slept.push(ms);
          return Promise.resolve();
        },
        onRetry: (attempt: number) => void notes.push(`attempt ${attempt} failed`),
      },
    };
  }

  it('tries again after a lock timeout, and answers what the attempt that got the lock answered', async () => {
    const { notes, slept, options } = retries(3);
    let tried = 0;
    const result = await withLockRetries(() => (++tried < 3 ? Promise.reject(lockTimeout) : Promise.resolve('migrated')), options);
    expect(result).toBe('migrated');
    expect(notes).toEqual(['attempt 1 failed', 'attempt 2 failed']);
    expect(slept).toEqual([2_000, 2_000]);
  });

  it('gives up after the last attempt with the lock timeout', async () => {
    const { options } = retries(2);
    await expect(withLockRetries(() => Promise.reject(lockTimeout), options)).rejects.toBe(lockTimeout);
  });

  it('any other error is final at once', async () => {
    const { notes, options } = retries(5);
    const syntax = Object.assign(new Error('syntax error'), { code: '42601' });
    await expect(withLockRetries(() => Promise.reject(syntax), options)).rejects.toBe(syntax);
    expect(notes).toEqual([]);
  });
});
