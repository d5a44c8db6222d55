import { EventDecodeError } from '@ledger/domain';
import { EnvelopeDecodeError } from '@ledger/messaging';

/** A failure that says nothing about the event: the unit is retried as it is, with no attempt counted. */
export class TransientFailure extends Error {
  override readonly name: string = 'TransientFailure';
}

/** A guarded write found the guard moved by another writer (e.g. a member that lost its partition). */
export class ConcurrentWriteError extends TransientFailure {
  override readonly name = 'ConcurrentWriteError';
}

/** An event this projection can never apply as it is (wrong stream for its data, ...): no retries. */
export class PoisonEventError extends Error {
  override readonly name = 'PoisonEventError';
}

/** The event store does not have revisions a gap needs: retried, then dead-lettered. */
export class MissingRevisionsError extends Error {
  override readonly name = 'MissingRevisionsError';
}

/** Failures no retry can change: the bytes or the data are what they are until code changes. */
export function isPermanentFailure(error: unknown): boolean {
  return error instanceof EventDecodeError || error instanceof EnvelopeDecodeError || error instanceof PoisonEventError;
}

/** The message stored with a dead letter and sent in its header: one line, bounded. */
export function describeFailure(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > 2_000 ? `${oneLine.slice(0, 1_997)}...` : oneLine;
}
