import { type EventMetadata, type JsonValue, type RecordedEvent } from '../port/event-store';

/** bigint columns arrive as strings from pg (they may exceed 2^53); jsonb arrives parsed. */
export interface EventRow {
  position: string;
  stream_id: string;
  stream_revision: string;
  event_id: string;
  type: string;
  schema_version: number;
  data: JsonValue;
  metadata: EventMetadata;
  recorded_at: Date;
}

export const eventColumns =
  'position, stream_id, stream_revision, event_id, type, schema_version, data, metadata, recorded_at';

export function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    eventId: row.event_id,
    type: row.type,
    schemaVersion: row.schema_version,
    streamId: row.stream_id,
    streamRevision: BigInt(row.stream_revision),
    position: BigInt(row.position),
    data: row.data,
    metadata: row.metadata,
    recordedAt: row.recorded_at,
  };
}
