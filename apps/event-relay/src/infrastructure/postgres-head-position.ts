import { quoteIdentifier } from '@ledger/event-store/postgres';
import { type Pool } from 'pg';

/**
 * The highest committed position of the event store: with the checkpoint it gives the relay's
 * lag. Read straight from the PostgreSQL adapter's table because the EventStore port has no
 * "head" read; it is the primary key's maximum, so it costs one index probe per scrape.
 */
export function postgresHeadPosition(pool: Pool, eventStoreSchema: string): () => Promise<bigint> {
  const sql = `SELECT coalesce(max(position), 0)::text AS head FROM ${quoteIdentifier(eventStoreSchema)}.events`;
  return async () => {
    const result = await pool.query<{ head: string }>(sql);
    return BigInt(result.rows[0]?.head ?? '0');
  };
}
