import { type AppendOptions, type AppendResult, type ExpectedRevision, type NewEvent } from '../port/event-store';
import { WrongExpectedVersionError } from '../port/wrong-expected-version.error';
import { type Queryable } from './queryable';
import { quoteIdentifier } from './sql-identifier';

interface AppendRow {
  next_expected_revision: string;
  last_position: string;
}

export function expectedAsText(expected: ExpectedRevision): string {
  if (typeof expected === 'bigint') {
    if (expected < 0n) throw new RangeError(`expectedRevision must be >= 0, got ${expected}`);
    return expected.toString();
  }
  return expected;
}

function isPgError(error: unknown): error is Error & { code?: string; detail?: string; constraint?: string } {
  return error instanceof Error && 'code' in error;
}

/**
 * Appends in one round trip: the `append_to_stream` function checks the expected revision,
 * recognises an idempotent repeat, inserts and bumps the stream revision atomically.
 * Runs on `db`, so a caller holding a transaction (e.g. to store an idempotency key with
 * the events) appends inside it; on a Pool the statement is its own transaction.
 */
export async function appendWith(
  db: Queryable,
  schema: string,
  streamId: string,
  events: readonly NewEvent[],
  options: AppendOptions,
): Promise<AppendResult> {
  try {
    const result = await db.query<AppendRow>(
      `SELECT next_expected_revision, last_position FROM ${quoteIdentifier(schema)}.append_to_stream($1, $2, $3::jsonb)`,
      [streamId, expectedAsText(options.expectedRevision), JSON.stringify(eventsPayload(events))],
    );
    const row = result.rows[0];
    if (row === undefined) throw new Error(`append_to_stream returned no row for ${streamId}`);
    return { nextExpectedRevision: BigInt(row.next_expected_revision), position: BigInt(row.last_position) };
  } catch (error) {
    throw translateError(error, streamId, options.expectedRevision);
  }
}

/** The events as append_to_stream reads them. */
export function eventsPayload(events: readonly NewEvent[]): object[] {
  return events.map(({ eventId, type, schemaVersion, data, metadata }) => ({ eventId, type, schemaVersion, data, metadata }));
}

/** A wrong expected revision or a reused event id as the port's errors; anything else as is. */
export function translateError(error: unknown, streamId: string, expected: ExpectedRevision): unknown {
  if (!isPgError(error)) return error;
  if (error.code === 'LE409') {
    const actual = BigInt(error.detail ?? '-1');
    return new WrongExpectedVersionError(streamId, expected, actual < 0n ? 'no_stream' : actual);
  }
  if (error.code === '23505' && error.constraint === 'events_event_id_key') {
    return new Error(`Stream ${streamId}: an eventId of this append is already stored elsewhere`, { cause: error });
  }
  return error;
}
