import { type RecordedEvent } from '@ledger/event-store';
import { type StreamReader } from '../port/stream-reader';
import { MissingRevisionsError } from './failures';

/**
 * Reads revisions `from`..`to` (inclusive) of a stream from the event store: the events a
 * projection missed on Kafka. Throws `MissingRevisionsError` unless it got every one of them.
 */
export async function readMissingRevisions(
  streams: StreamReader,
  streamId: string,
  from: bigint,
  to: bigint,
): Promise<RecordedEvent[]> {
  const count = to - from + 1n;
  const events = await streams.readStream(streamId, { direction: 'forwards', fromRevision: from, maxCount: Number(count) });
  const complete = events.length === Number(count) && events.every((event, index) => event.streamRevision === from + BigInt(index));
  if (!complete) {
    throw new MissingRevisionsError(`revisions ${from}..${to} of ${streamId} are not all in the event store (found ${events.length})`);
  }
  return events;
}
