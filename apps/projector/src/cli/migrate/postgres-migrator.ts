import { loadConfig, postgresPoolConfig, type EnvSource } from '@ledger/platform';
import { Pool } from 'pg';
import { type CliIo } from '../cli-io';
import { ledgerSchemas } from './ledger-schemas';
import { migrateConfigSchema } from './migrate-config';
import { type SchemaMigrator } from './migrate-command';
import { migrateSchemas } from './migrate-schemas';

/** A lock wait gives up after DATABASE_LOCK_TIMEOUT_MS; this many tries, a few seconds apart, ride out a long one. */
const LOCK_ATTEMPTS = 6;
const LOCK_RETRY_DELAY_MS = 2_000;

/**
 * The real migration step: reads the configuration when it runs (so the other commands need none),
 * opens a small pool of its own on DATABASE_URL and closes it when done.
 */
export function postgresSchemaMigrator(source: EnvSource, io: CliIo): SchemaMigrator {
  return async (dryRun) => {
    const config = loadConfig(migrateConfigSchema, source);
    const pool = new Pool(postgresPoolConfig({ ...config, databasePoolSize: 2 }, 'ledger-migrate'));
    // A connection the server drops while idle is reported here; the next statement fails and says why.
    pool.on('error', () => undefined);
    try {
      return await migrateSchemas(pool, ledgerSchemas(config), {
        dryRun,
        retries: {
          attempts: LOCK_ATTEMPTS,
          delayMs: LOCK_RETRY_DELAY_MS,
          sleep: (ms) => io.sleep(ms),
          onRetry: (attempt, error) => io.progress.write(`waiting for a lock (attempt ${attempt} of ${LOCK_ATTEMPTS}: ${error instanceof Error ? error.message : String(error)}); trying again\n`),
        },
      });
    } finally {
      await pool.end();
    }
  };
}
