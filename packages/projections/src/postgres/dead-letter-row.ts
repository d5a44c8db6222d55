import { type DeadLetter, type DeadLetterResolution, type DeadLetterStatus, type NewDeadLetter } from '../port/dead-letter';

/** bigint columns arrive as strings from pg; bytea as a Buffer; jsonb parsed. */
export interface DeadLetterRow {
  id: string;
  projection: string;
  event_id: string | null;
  stream_id: string | null;
  revision: string | null;
  position: string | null;
  type: string | null;
  status: DeadLetterStatus;
  error: string | null;
  attempts: number;
  blocked_by: string | null;
  source_topic: string;
  source_partition: number | null;
  source_offset: string | null;
  record_key: string | null;
  record_value: Buffer | null;
  record_headers: Record<string, string>;
  created_at: Date;
  updated_at: Date;
  resolved_at: Date | null;
  resolved_by: string | null;
  resolution_reason: string | null;
}

export const deadLetterColumns = `id, projection, event_id, stream_id, revision, position, type, status, error, attempts,
  blocked_by, source_topic, source_partition, source_offset, record_key, record_value, record_headers,
  created_at, updated_at, resolved_at, resolved_by, resolution_reason`;

const bigintOrNull = (value: string | null): bigint | null => (value === null ? null : BigInt(value));

export function toDeadLetter(row: DeadLetterRow): DeadLetter {
  return {
    id: Number(row.id),
    projection: row.projection,
    eventId: row.event_id,
    streamId: row.stream_id,
    revision: bigintOrNull(row.revision),
    position: bigintOrNull(row.position),
    type: row.type,
    status: row.status,
    error: row.error,
    attempts: row.attempts,
    blockedBy: row.blocked_by === null ? null : Number(row.blocked_by),
    record: {
      topic: row.source_topic,
      partition: row.source_partition,
      offset: row.source_offset,
      key: row.record_key,
      value: row.record_value,
      headers: row.record_headers,
    },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    resolvedAt: row.resolved_at,
    resolution: resolutionOf(row),
  };
}

/** Only a resolved entry carries its decision: a reopened one keeps none (`open` and `reopen` clear it). */
function resolutionOf(row: DeadLetterRow): DeadLetterResolution | null {
  if (row.resolved_by === null || row.resolved_at === null) return null;
  return { by: row.resolved_by, reason: row.resolution_reason, at: row.resolved_at };
}

/** One entry per event: its id, or where a record without a readable id sat in Kafka. */
export function dedupeKeyOf(letter: NewDeadLetter): string {
  const { record } = letter;
  return letter.eventId ?? `kafka:${record.topic}/${record.partition ?? '-'}/${record.offset ?? '-'}`;
}

/** The insert's values after projection ($1): dedupe key .. record headers, 14 of them. */
export function insertValuesOf(letter: NewDeadLetter): unknown[] {
  const { record } = letter;
  return [
    storable(dedupeKeyOf(letter)),
    storable(letter.eventId),
    storable(letter.streamId),
    letter.revision?.toString() ?? null,
    letter.position?.toString() ?? null,
    storable(letter.type),
    storable(letter.error),
    letter.attempts,
    storable(record.topic),
    record.partition,
    record.offset,
    storable(record.key),
    record.value,
    storable(JSON.stringify(record.headers)),
  ];
}

/**
 * PostgreSQL text and jsonb cannot hold NUL (a record's key, headers or an error may carry one).
 * A dead letter that cannot be written would block its partition forever, so NUL becomes U+FFFD
 * here; the record's value is bytea and keeps every byte.
 */
function storable<T extends string | null>(text: T): T {
  return (text === null ? null : text.replaceAll('\u0000', '\uFFFD').replaceAll('\\u0000', '\\uFFFD')) as T;
}
