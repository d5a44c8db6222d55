import { type RecordedEvent } from '@ledger/event-store';
import { encodeEventRecord, type ConsumedRecord } from '@ledger/messaging';
import { type DeadLetterRecord, type NewDeadLetter } from '../port/dead-letter';

/** An event with the record it came in (or, healed from the store, the record it would have come in). */
export interface Arrival {
  readonly event: RecordedEvent;
  readonly record: DeadLetterRecord;
}

export function recordOf(consumed: ConsumedRecord): DeadLetterRecord {
  const { topic, partition, offset, key, value, headers } = consumed;
  return { topic, partition, offset, key, value, headers };
}

/** An event read from the event store to fill a gap: it has no Kafka offset of its own. */
export function healedArrival(event: RecordedEvent, topic: string): Arrival {
  const { key, value, headers } = encodeEventRecord(event, topic);
  return { event, record: { topic, partition: null, offset: null, key, value, headers } };
}

export function letterOf(projection: string, arrival: Arrival, error: string | null, attempts: number): NewDeadLetter {
  const { event, record } = arrival;
  return {
    projection,
    eventId: event.eventId,
    streamId: event.streamId,
    revision: event.streamRevision,
    position: event.position,
    type: event.type,
    error,
    attempts,
    record,
  };
}

const MAX_BIGINT = 2n ** 63n - 1n;

/** A header that claims a revision or position: kept only if a PostgreSQL bigint can hold it. */
function integerHeader(value: string | undefined): bigint | null {
  if (value === undefined || !/^\d{1,19}$/.test(value)) return null;
  const parsed = BigInt(value);
  return parsed <= MAX_BIGINT ? parsed : null;
}

/** A record that never decoded: what its key and headers claim is all that is known. */
export function undecodableLetter(projection: string, consumed: ConsumedRecord, error: string | null, attempts: number): NewDeadLetter {
  const { headers } = consumed;
  return {
    projection,
    eventId: headers['ledger-event-id'] ?? null,
    streamId: consumed.key,
    revision: integerHeader(headers['ledger-stream-revision']),
    position: integerHeader(headers['ledger-position']),
    type: headers['ledger-type'] ?? null,
    error,
    attempts,
    record: recordOf(consumed),
  };
}

/** The stream a record belongs to: the decoded event's, else the record key (the producer keys by stream). */
export function streamIdOfRecord(consumed: ConsumedRecord): string | null {
  return consumed.decoded.ok ? consumed.decoded.event.streamId : consumed.key;
}
