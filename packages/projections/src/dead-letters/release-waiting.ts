import { eventOfDeadLetter } from './event-of-dead-letter';
import { type ProjectionUnit } from '../port/projection-units';
import { type StreamReader } from '../port/stream-reader';
import { describeFailure } from '../runtime/failures';
import { applyInOrder } from './apply-in-order';

export interface Release {
  /** Waiting events applied, in order. */
  readonly released: number;
  /** Waiting events still held, behind `blockedBy`. */
  readonly stillWaiting: number;
  /** The waiting event that failed when released and is now the stream's open dead letter. */
  readonly blockedBy: number | null;
}

/**
 * Applies a stream's waiting events in the order they arrived. One that fails becomes the
 * stream's open dead letter (one attempt spent) and the rest wait behind it.
 */
export async function releaseWaiting(
  unit: ProjectionUnit,
  streams: StreamReader,
  streamId: string | null,
  isTransient: (error: unknown) => boolean,
): Promise<Release> {
  const waiting = streamId === null ? [] : await unit.deadLetters.waitingBehind(streamId);
  for (const [index, letter] of waiting.entries()) {
    try {
      await applyInOrder(unit, streams, eventOfDeadLetter(letter.record));
    } catch (error) {
      if (isTransient(error)) throw error;
      const rest = waiting.slice(index + 1).map((later) => later.id);
      await unit.deadLetters.reopen(letter.id, describeFailure(error), 1);
      await unit.deadLetters.reblock(rest, letter.id);
      return { released: index, stillWaiting: rest.length, blockedBy: letter.id };
    }
    await unit.deadLetters.resolve(letter.id, 'released');
  }
  return { released: waiting.length, stillWaiting: 0, blockedBy: null };
}
