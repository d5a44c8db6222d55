import type { EventData, ResolvedEvent } from '@kurrent/kurrentdb-client';
import { type EventMetadata, type JsonValue, type NewEvent, type RecordedEvent } from '../port/event-store';
import { jsonEventData } from './streams-client';

/**
 * The envelope (ARCHITECTURE.md) in KurrentDB's terms. KurrentDB has no schema version, so it
 * travels in the metadata; correlation and causation ids use KurrentDB's own `$correlationId` and
 * `$causationId`, which its projections and UI understand.
 */
interface StoredMetadata {
  readonly $correlationId?: string;
  readonly $causationId?: string;
  readonly traceparent?: string;
  readonly actor?: string;
  readonly actorRoles?: string;
  readonly idempotencyKey?: string;
  readonly occurredAt?: string;
  readonly schemaVersion: number;
}

export function toEventData(event: NewEvent): EventData {
  const { correlationId, causationId, ...rest } = event.metadata;
  const metadata: StoredMetadata = {
    ...(correlationId === undefined ? {} : { $correlationId: correlationId }),
    ...(causationId === undefined ? {} : { $causationId: causationId }),
    ...rest,
    schemaVersion: event.schemaVersion,
  };
  return jsonEventData({ id: event.eventId, type: event.type, data: event.data, metadata: { ...metadata } });
}

const metadataKeys = ['traceparent', 'actor', 'actorRoles', 'idempotencyKey', 'occurredAt'] as const;

function metadataOf(stored: unknown): { metadata: EventMetadata; schemaVersion: number } {
  const fields = typeof stored === 'object' && stored !== null && !(stored instanceof Uint8Array) ? (stored as Record<string, unknown>) : {};
  const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
  const metadata: Record<string, string> = {};
  const correlationId = text(fields['$correlationId']);
  const causationId = text(fields['$causationId']);
  if (correlationId !== undefined) metadata['correlationId'] = correlationId;
  if (causationId !== undefined) metadata['causationId'] = causationId;
  for (const key of metadataKeys) {
    const value = text(fields[key]);
    if (value !== undefined) metadata[key] = value;
  }
  const schemaVersion = typeof fields['schemaVersion'] === 'number' ? fields['schemaVersion'] : 1;
  return { metadata, schemaVersion };
}

/** A recorded event of ours; undefined for what is not (links, system events, binary events). */
export function toRecordedEvent(resolved: ResolvedEvent): RecordedEvent | undefined {
  const event = resolved.event;
  if (event === undefined || !event.isJson || isSystem(event.streamId, event.type)) return undefined;
  const position = event.position?.commit ?? resolved.commitPosition;
  if (position === undefined) throw new Error(`KurrentDB sent ${event.streamId}@${event.revision} without a position (an EventStoreDB server older than 22.6?)`);
  const { metadata, schemaVersion } = metadataOf(event.metadata);
  return {
    eventId: event.id,
    type: event.type,
    schemaVersion,
    data: event.data as JsonValue,
    metadata,
    streamId: event.streamId,
    streamRevision: event.revision,
    position,
    recordedAt: event.created,
  };
}

/** KurrentDB's own streams and events (`$`-prefixed), and this adapter's snapshot and idempotency streams. */
export function isSystem(streamId: string, type: string): boolean {
  return streamId.startsWith('$') || type.startsWith('$');
}
