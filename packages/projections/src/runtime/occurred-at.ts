import { type RecordedEvent } from '@ledger/event-store';

/** When it happened: the command's `occurredAt`, or when it was stored if that is missing or unreadable. */
export function occurredAtOf(recorded: RecordedEvent): Date {
  const stated = recorded.metadata.occurredAt;
  const date = stated === undefined ? undefined : new Date(stated);
  return date !== undefined && !Number.isNaN(date.getTime()) ? date : recorded.recordedAt;
}
