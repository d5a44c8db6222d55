import { type ReadStreamOptions, type RecordedEvent } from '../port/event-store';
import { eventColumns, toRecordedEvent, type EventRow } from './event-row';
import { type Queryable } from './queryable';
import { quoteIdentifier } from './sql-identifier';

/**
 * One stream in revision order. No in-flight filter is needed here: appends to a stream are
 * serialized by its row lock, so its committed revisions never have a hole to fill later.
 */
export async function readStreamWith(
  db: Queryable,
  schema: string,
  streamId: string,
  { direction, fromRevision, maxCount }: ReadStreamOptions,
): Promise<RecordedEvent[]> {
  const forwards = direction === 'forwards';
  // LIMIT NULL means no limit in PostgreSQL.
  const limit = maxCount ?? null;
  const from = fromRevision ?? null;
  const result = await db.query<EventRow>(
    `SELECT ${eventColumns} FROM ${quoteIdentifier(schema)}.events
      WHERE stream_id = $1
        AND ($2::bigint IS NULL OR stream_revision ${forwards ? '>=' : '<='} $2::bigint)
      ORDER BY stream_revision ${forwards ? 'ASC' : 'DESC'}
      LIMIT $3`,
    [streamId, from === null ? null : from.toString(), limit],
  );
  return result.rows.map(toRecordedEvent);
}
