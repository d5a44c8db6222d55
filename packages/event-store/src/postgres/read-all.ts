import { type ReadAllOptions, type RecordedEvent } from '../port/event-store';
import { eventColumns, toRecordedEvent, type EventRow } from './event-row';
import { type Queryable } from './queryable';
import { quoteIdentifier } from './sql-identifier';

/**
 * `$all` in position order, never passing a position that may still be filled.
 *
 * The gap problem: positions are drawn from a sequence when a row is inserted but become
 * visible at commit, so a later position could be visible before an earlier one; a reader that
 * checkpointed past it would skip the earlier event forever.
 *
 * Why a plain ordered read is sound: every insert into events draws its positions under a
 * store-wide advisory lock held until commit (the append functions take it, and a statement
 * trigger takes it for any other writer: 0007_positions_in_commit_order.sql). PostgreSQL makes a
 * transaction visible before it releases its locks, so a transaction draws only after every
 * lower position has committed (and become visible) or aborted. Any snapshot therefore sees a
 * prefix of the positions (aborted ones are permanent gaps), and a reader continuing from its
 * last position misses nothing, whatever else runs on the server.
 *
 * Earlier versions also cut each page at the oldest transaction running anywhere in the cluster
 * (`pg_snapshot_xmin`): redundant with the lock, and it let any long transaction, in any
 * database, hold the relay back.
 */
export async function readAllWith(
  db: Queryable,
  schema: string,
  { fromPosition, maxCount }: ReadAllOptions,
): Promise<RecordedEvent[]> {
  const result = await db.query<EventRow>(
    `SELECT ${eventColumns} FROM ${quoteIdentifier(schema)}.events
      WHERE position > $1::bigint
      ORDER BY position ASC
      LIMIT $2`,
    [(fromPosition ?? 0n).toString(), maxCount],
  );
  return result.rows.map(toRecordedEvent);
}
