// Part of the KurrentDB TEST STAND-IN (see serve.ts): reading $all.
import { type UuidFormat } from './conversions';
import { type EventFilter } from './event-filter';
import { type InMemoryLog } from './in-memory-log';
import { eventResponse } from './read-responses';
import { type AllFrom, type Direction, type ReadAllQuery } from './read-request';
import { type ReadResponseStream } from './read-response-stream';
import { type LogPosition, type StoredEvent } from './stored-event';

/** Orders a stored event (commit == prepare == position) against a client's position, commit first. */
export function comparePosition(event: StoredEvent, position: LogPosition): number {
  if (event.position !== position.commit) return event.position < position.commit ? -1 : 1;
  if (event.position === position.prepare) return 0;
  return event.position < position.prepare ? -1 : 1;
}

function inReadOrder(all: readonly StoredEvent[], from: AllFrom, direction: Direction): readonly StoredEvent[] {
  if (direction === 'forwards') {
    if (from === 'start') return all;
    if (from === 'end') return [];
    return all.filter((event) => comparePosition(event, from) >= 0);
  }
  if (from === 'start') return [];
  const before = from === 'end' ? all : all.filter((event) => comparePosition(event, from) < 0);
  return [...before].reverse();
}

/**
 * EventStoreDB's $all read: forwards from a position includes the event at it, backwards from a
 * position starts with the event before it; `end` forwards and `start` backwards read nothing.
 * The filter runs before the count: up to `maxCount` matching events. Positions between events
 * are accepted (a real server may refuse a position that is not an event's).
 */
export function selectFromAll(
  all: readonly StoredEvent[],
  from: AllFrom,
  direction: Direction,
  maxCount: bigint,
  filter: EventFilter = () => true,
): StoredEvent[] {
  const selected: StoredEvent[] = [];
  for (const event of inReadOrder(all, from, direction)) {
    if (BigInt(selected.length) >= maxCount) break;
    if (filter(event)) selected.push(event);
  }
  return selected;
}

export async function readAll(
  response: ReadResponseStream,
  log: InMemoryLog,
  query: ReadAllQuery,
  uuidFormat: UuidFormat,
): Promise<void> {
  for (const event of selectFromAll(log.all, query.from, query.direction, query.maxCount, query.filter)) {
    if (!(await response.send(eventResponse(event, uuidFormat)))) return;
  }
  response.end();
}
