import { type RecordedEvent } from '@ledger/event-store';
import { type SqlTransaction } from '../port/sql-transaction';
import { ConcurrentWriteError } from '../runtime/failures';

/**
 * The last applied revision per stream, locked until the transaction ends: two members that
 * both think they own a partition (one of them stale) then write one after the other, and the
 * second finds the guard moved.
 */
export async function lockLastRevisions(
  tx: SqlTransaction,
  schema: string,
  projection: string,
  streamIds: readonly string[],
): Promise<Map<string, bigint>> {
  if (streamIds.length === 0) return new Map();
  const { rows } = await tx.query<{ stream_id: string; revision: string }>(
    `SELECT stream_id, revision FROM ${schema}.projection_stream_revisions
      WHERE projection = $1 AND stream_id = ANY($2::text[]) FOR UPDATE`,
    [projection, streamIds],
  );
  return new Map(rows.map((row) => [row.stream_id, BigInt(row.revision)]));
}

export interface RevisionAdvance {
  readonly streamId: string;
  /** The revision the guard must hold now (-1: no row yet). */
  readonly from: bigint;
  readonly to: bigint;
}

/** Per stream, from the revision before its first event to its last one. */
export function advancesOf(events: readonly RecordedEvent[]): RevisionAdvance[] {
  const byStream = new Map<string, { from: bigint; to: bigint }>();
  for (const event of events) {
    const seen = byStream.get(event.streamId);
    byStream.set(event.streamId, { from: seen?.from ?? event.streamRevision - 1n, to: event.streamRevision });
  }
  return [...byStream].map(([streamId, { from, to }]) => ({ streamId, from, to }));
}

/**
 * The revisions the guards move to, announced on `channel` (`appliedRevisionPayloads`) by the
 * statement that moves them. Inside the batch's transaction, PostgreSQL delivers it only when
 * that transaction commits (and drops it with a rolled-back savepoint): a listener that hears it
 * can read the new revision at once.
 */
export interface RevisionAnnouncement {
  readonly channel: string;
  readonly payloads: readonly string[];
}

/**
 * Moves each stream's guard from `from` to `to` in one statement, conditionally: a guard that is
 * not at `from` (or a row that appeared meanwhile) is not written, and the transaction fails
 * with `ConcurrentWriteError` rather than apply anything twice. `announce` is sent by the same
 * statement (one round trip fewer per batch); a failure rolls it back with everything else.
 */
export async function advanceRevisions(
  tx: SqlTransaction,
  schema: string,
  projection: string,
  advances: readonly RevisionAdvance[],
  announce: RevisionAnnouncement,
): Promise<void> {
  if (advances.length === 0) return;
  const { rows } = await tx.query<{ written: string }>(
    `WITH input AS (
       SELECT * FROM unnest($2::text[], $3::bigint[], $4::bigint[]) AS i(stream_id, expected, revision)
     ), updated AS (
       UPDATE ${schema}.projection_stream_revisions g SET revision = i.revision
         FROM input i
        WHERE g.projection = $1 AND g.stream_id = i.stream_id AND g.revision = i.expected
       RETURNING 1
     ), inserted AS (
       INSERT INTO ${schema}.projection_stream_revisions (projection, stream_id, revision)
       SELECT $1, stream_id, revision FROM input WHERE expected = -1
       ON CONFLICT DO NOTHING
       RETURNING 1
     ), announced AS (
       SELECT pg_notify($5, payload) FROM unnest($6::text[]) AS payload
     )
     SELECT (SELECT count(*) FROM updated) + (SELECT count(*) FROM inserted) AS written,
            (SELECT count(*) FROM announced) AS announced`,
    [
      projection,
      advances.map((advance) => advance.streamId),
      advances.map((advance) => advance.from.toString()),
      advances.map((advance) => advance.to.toString()),
      announce.channel,
      announce.payloads,
    ],
  );
  const written = Number(rows[0]?.written ?? 0);
  if (written !== advances.length) {
    throw new ConcurrentWriteError(`${projection}: ${advances.length - written} stream guard(s) moved under this batch`);
  }
}
