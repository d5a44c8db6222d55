// Part of the KurrentDB TEST STAND-IN (see serve.ts): reading one stream.
import { type UuidFormat } from './conversions';
import { type InMemoryLog } from './in-memory-log';
import { eventResponse, streamNotFoundResponse } from './read-responses';
import { type Direction, type ReadStreamQuery, type StreamFrom } from './read-request';
import { type ReadResponseStream } from './read-response-stream';
import { type StoredEvent } from './stored-event';

/**
 * EventStoreDB's stream read: forwards from a revision includes it (past the end: nothing);
 * backwards from a revision includes it too (past the end: from the last event); `end` forwards
 * and `start` backwards-from-0 behave the same way. At most `maxCount` events.
 */
export function selectFromStream(
  events: readonly StoredEvent[],
  from: StreamFrom,
  direction: Direction,
  maxCount: bigint,
): StoredEvent[] {
  const take = (selected: StoredEvent[]): StoredEvent[] =>
    maxCount >= BigInt(selected.length) ? selected : selected.slice(0, Number(maxCount));
  if (direction === 'forwards') {
    const first = from === 'start' ? 0 : from === 'end' ? events.length : Math.min(Number(from), events.length);
    return take(events.slice(first));
  }
  const last = from === 'end' ? events.length - 1 : from === 'start' ? 0 : Math.min(Number(from), events.length - 1);
  return take(events.slice(0, last + 1).reverse());
}

/** A missing stream answers `stream_not_found` (the client's StreamNotFoundError), not an empty read. */
export async function readStream(
  response: ReadResponseStream,
  log: InMemoryLog,
  query: ReadStreamQuery,
  uuidFormat: UuidFormat,
): Promise<void> {
  const events = log.stream(query.streamId);
  if (events === undefined) {
    await response.send(streamNotFoundResponse(query.streamId));
    return response.end();
  }
  for (const event of selectFromStream(events, query.from, query.direction, query.maxCount)) {
    if (!(await response.send(eventResponse(event, uuidFormat)))) return;
  }
  response.end();
}
