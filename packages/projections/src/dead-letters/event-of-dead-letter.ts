import { type RecordedEvent } from '@ledger/event-store';
import { decodeEventRecord } from '@ledger/messaging';
import { type DeadLetterRecord } from '../port/dead-letter';

/** Decodes the kept record again, with the code running now (which may read what the old could not). */
export function eventOfDeadLetter(record: DeadLetterRecord): RecordedEvent {
  return decodeEventRecord({ key: record.key === null ? null : Buffer.from(record.key), value: record.value, headers: record.headers });
}
