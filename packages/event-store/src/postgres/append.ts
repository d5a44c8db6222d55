import { type AppendOptions, type AppendResult, type ExpectedRevision, type NewEvent } from '../port/event-store';
import { WrongExpectedVersionError } from '../port/wrong-expected-version.error';
import { type Queryable } from './queryable';
import { assertStorableText, jsonbText, translateJsonbRefusal } from './jsonb-text';
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
 * An append checked and serialised before it is sent: a value the store cannot take fails
 * here, for this append alone, never inside a statement that carries other appends too.
 */
export interface PreparedAppend {
  readonly streamId: string;
  readonly expectedRevision: ExpectedRevision;
  /** The expected revision as append_to_stream reads it. */
  readonly expected: string;
  /** The events as append_to_stream reads them, as JSON text jsonb accepts. */
  readonly eventsJson: string;
}

/**
 * Throws RangeError for a negative expected revision, UnstorableJsonError for text PostgreSQL
 * cannot store (NUL, a lone surrogate) in the stream id or anywhere in an event, and TypeError
 * for a value JSON cannot carry (a bigint).
 */
export function prepareAppend(streamId: string, events: readonly NewEvent[], options: AppendOptions): PreparedAppend {
  const expected = expectedAsText(options.expectedRevision);
  assertStorableText(streamId, () => `Stream id ${JSON.stringify(streamId)}`);
  const payload = events.map(({ eventId, type, schemaVersion, data, metadata }) => ({ eventId, type, schemaVersion, data, metadata }));
  const eventsJson = jsonbText(
    payload,
    () => `Stream ${streamId}`,
    () => Object.fromEntries(payload.map((event, index) => [`event ${index} (${event.type})`, event])),
  );
  return { streamId, expectedRevision: options.expectedRevision, expected, eventsJson };
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
  return appendPreparedWith(db, schema, prepareAppend(streamId, events, options));
}

/** `appendWith` for an append already prepared. */
export async function appendPreparedWith(db: Queryable, schema: string, append: PreparedAppend): Promise<AppendResult> {
  const { streamId, expected, eventsJson, expectedRevision } = append;
  try {
    const result = await db.query<AppendRow>(
      `SELECT next_expected_revision, last_position FROM ${quoteIdentifier(schema)}.append_to_stream($1, $2, $3::jsonb)`,
      [streamId, expected, eventsJson],
    );
    const row = result.rows[0];
    if (row === undefined) throw new Error(`append_to_stream returned no row for ${streamId}`);
    return { nextExpectedRevision: BigInt(row.next_expected_revision), position: BigInt(row.last_position) };
  } catch (error) {
    throw translateError(error, streamId, expectedRevision);
  }
}

/**
 * A wrong expected revision, a reused event id or refused JSON as the port's or this store's
 * errors; anything else as is.
 */
export function translateError(error: unknown, streamId: string, expected: ExpectedRevision): unknown {
  if (!isPgError(error)) return error;
  if (error.code === 'LE409') {
    const actual = BigInt(error.detail ?? '-1');
    return new WrongExpectedVersionError(streamId, expected, actual < 0n ? 'no_stream' : actual);
  }
  if (error.code === '23505' && error.constraint === 'events_event_id_key') {
    return new Error(`Stream ${streamId}: an eventId of this append is already stored elsewhere`, { cause: error });
  }
  return translateJsonbRefusal(error, `Stream ${streamId}`);
}
