// The raw cost of reading the event store's `$all`: keyset pages of the events table with plain
// pg, rows as pg returns them. The baseline of the rebuild (raw-keyset-read) and of the relay
// (raw-read-all), each in the page size of the reader it stands for.
import type { Pool } from 'pg';

/** Every column PostgresEventStore.readAll returns (`eventColumns` of event-row.ts). */
const columns = 'position, stream_id, stream_revision, event_id, type, schema_version, data, metadata, recorded_at';

export interface KeysetRead {
  /** Read the events after this position (a bigint as text); all of them when absent. */
  readonly after?: string;
  readonly pageSize: number;
  /** Called as each page arrives, with its row count (a caller's per-page timing). */
  readonly onPage?: (rows: number) => void;
}

/**
 * Reads pages of `pageSize` in position order until one comes back short, as a catch-up
 * subscription does before it waits for new commits; returns how many rows it read.
 */
export async function rawKeysetRead(pool: Pool, schema: string, { after = '0', pageSize, onPage }: KeysetRead): Promise<number> {
  let read = 0;
  let position = after;
  for (;;) {
    const { rows } = await pool.query<{ position: string }>(`SELECT ${columns} FROM "${schema}".events WHERE position > $1::bigint ORDER BY position LIMIT ${pageSize}`, [position]);
    onPage?.(rows.length);
    read += rows.length;
    const last = rows.at(-1);
    if (last === undefined || rows.length < pageSize) return read;
    position = last.position;
  }
}
