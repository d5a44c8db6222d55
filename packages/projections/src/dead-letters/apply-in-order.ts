import { type RecordedEvent } from '@ledger/event-store';
import { type ProjectionUnit } from '../port/projection-units';
import { type StreamReader } from '../port/stream-reader';
import { readMissingRevisions } from '../runtime/stream-healer';

/**
 * Applies one event by hand (an operator's retry, a released waiting event) with the same rules
 * as a batch: a revision already applied is a no-op, a gap before it is filled from the event
 * store first. Each event is applied alone, so a failure leaves the unit usable.
 */
export async function applyInOrder(unit: ProjectionUnit, streams: StreamReader, event: RecordedEvent): Promise<'applied' | 'duplicate'> {
  const last = (await unit.writer.lastRevisions([event.streamId])).get(event.streamId) ?? -1n;
  if (event.streamRevision <= last) return 'duplicate';
  await advanceTo(unit, streams, event.streamId, last, event.streamRevision - 1n);
  await unit.writer.applyOne(event);
  return 'applied';
}

/** Applies revisions `last + 1`..`target` from the event store, if any are missing. */
export async function advanceTo(unit: ProjectionUnit, streams: StreamReader, streamId: string, last: bigint, target: bigint): Promise<void> {
  if (target <= last) return;
  for (const missing of await readMissingRevisions(streams, streamId, last + 1n, target)) await unit.writer.applyOne(missing);
}
