// Part of the KurrentDB TEST STAND-IN (see serve.ts): catch-up
// subscriptions to one stream or to $all.
import { randomUUID } from 'node:crypto';
import { type UuidFormat } from './conversions';
import { type SubscriptionFilter } from './event-filter';
import { type InMemoryLog } from './in-memory-log';
import { comparePosition } from './read-all';
import { caughtUpResponse, checkpointResponse, confirmationResponse, eventResponse } from './read-responses';
import { type AllFrom, type StreamFrom } from './read-request';
import { type ReadResponseStream } from './read-response-stream';
import { type StoredEvent } from './stored-event';

/** Where a subscription reads: an append-only array and the index of the first event it delivers. */
interface SubscriptionSource {
  readonly events: () => readonly StoredEvent[];
  readonly firstIndex: number;
  readonly filter: SubscriptionFilter | undefined;
}

/** From a revision: the events after it (EventStoreDB subscriptions start after their starting point). */
export function streamSource(log: InMemoryLog, streamId: string, from: StreamFrom): SubscriptionSource {
  const current = log.streamOrEmpty(streamId).length;
  const firstIndex = from === 'start' ? 0 : from === 'end' ? current : Number(from) + 1;
  return { events: () => log.streamOrEmpty(streamId), firstIndex, filter: undefined };
}

/** From a position: the events after it. `end`: only what is appended from now on. */
export function allSource(log: InMemoryLog, from: AllFrom, filter: SubscriptionFilter | undefined): SubscriptionSource {
  const all = log.all;
  let firstIndex = 0;
  if (from === 'end') firstIndex = all.length;
  else if (from !== 'start') {
    firstIndex = all.findIndex((event) => comparePosition(event, from) > 0);
    if (firstIndex === -1) firstIndex = all.length;
  }
  return { events: () => log.all, firstIndex, filter };
}

/**
 * Sends `confirmation`, then the history from the starting point, then `caughtUp` (as EventStoreDB
 * 23.10+ does), then each event as it is appended, in log order, without gaps or repeats: one
 * cursor walks the append-only array, so catch-up and live delivery cannot overlap. A filtered $all
 * subscription also sends a checkpoint after every `checkpointInterval` considered events, at the
 * position of the last one considered. Runs until the client cancels or the stand-in closes.
 */
export async function runSubscription(
  response: ReadResponseStream,
  log: InMemoryLog,
  source: SubscriptionSource,
  uuidFormat: UuidFormat,
): Promise<void> {
  if (!(await response.send(confirmationResponse(randomUUID())))) return;
  let cursor = source.firstIndex;
  let considered = 0;
  let caughtUp = false;
  while (!response.stopped.aborted) {
    const events = source.events();
    if (cursor < events.length) {
      const event = events[cursor];
      cursor += 1;
      if (event === undefined) continue;
      if (source.filter === undefined || source.filter.matches(event)) {
        if (!(await response.send(eventResponse(event, uuidFormat)))) return;
      }
      if (source.filter !== undefined && ++considered >= source.filter.checkpointInterval) {
        considered = 0;
        if (!(await response.send(checkpointResponse(event.position)))) return;
      }
    } else if (!caughtUp) {
      caughtUp = true;
      if (!(await response.send(caughtUpResponse()))) return;
    } else {
      await log.waitForAppend(response.stopped);
    }
  }
}
