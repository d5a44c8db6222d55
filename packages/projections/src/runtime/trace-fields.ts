import { type RecordedEvent } from '@ledger/event-store';

/** The fields that let one request be followed into the projector's logs (ARCHITECTURE.md, tracing). */
export function traceFieldsOf(event: RecordedEvent): Record<string, string | undefined> {
  const { correlationId, causationId, traceparent } = event.metadata;
  return {
    streamId: event.streamId,
    revision: event.streamRevision.toString(),
    position: event.position.toString(),
    eventId: event.eventId,
    type: event.type,
    correlationId,
    causationId,
    traceparent,
  };
}

/** The distinct correlation ids of a batch, bounded so a large batch keeps a short log line. */
export function correlationIdsOf(events: readonly RecordedEvent[], limit = 20): string[] {
  const ids = new Set<string>();
  for (const event of events) {
    const id = event.metadata.correlationId;
    if (id !== undefined) ids.add(id);
    if (ids.size >= limit) break;
  }
  return [...ids];
}
