import { type RecordedEvent } from '@ledger/event-store';
import { type ReadModelWriter } from '../port/read-model-store';
import { type ProjectionLogger } from './logger';

/**
 * The apply path that the live consumer, the rebuild and an operator's retry share (ARCHITECTURE.md,
 * "Projector"): what counts as already applied, how a failing event is found, how side effects run.
 */

/** The events the writer's guard is not yet at or past, in their order. */
export async function unappliedOf(writer: ReadModelWriter, events: readonly RecordedEvent[]): Promise<RecordedEvent[]> {
  if (events.length === 0) return [];
  const applied = await writer.lastRevisions([...new Set(events.map((event) => event.streamId))]);
  return events.filter((event) => event.streamRevision > (applied.get(event.streamId) ?? -1n));
}

/** The first event of an `applyOneByOne` that failed, with why, and where it stood. */
export interface FailedEvent {
  readonly index: number;
  readonly event: RecordedEvent;
  readonly error: unknown;
}

/**
 * Applies events one at a time, each isolated (`applyOne`), up to the first that fails for
 * something in it, which it returns; the ones before it stay applied in the unit. A failure of
 * the servers (`isTransient`) is rethrown: it says nothing about the event.
 */
export async function applyOneByOne(
  writer: ReadModelWriter,
  events: readonly RecordedEvent[],
  isTransient: (error: unknown) => boolean,
  onApplied: (event: RecordedEvent) => void = () => undefined,
): Promise<FailedEvent | undefined> {
  for (const [index, event] of events.entries()) {
    try {
      await writer.applyOne(event);
    } catch (error) {
      if (isTransient(error)) throw error;
      return { index, event, error };
    }
    onApplied(event);
  }
  return undefined;
}

/**
 * Runs a projection's side effects for events a committed unit applied. At most once per event:
 * a failure is logged, never retried (the events stay applied).
 */
export async function runSideEffects(
  sideEffects: ((applied: readonly RecordedEvent[]) => Promise<void>) | undefined,
  applied: readonly RecordedEvent[],
  logger: ProjectionLogger,
  projection: string,
): Promise<void> {
  if (sideEffects === undefined || applied.length === 0) return;
  try {
    await sideEffects(applied);
  } catch (error) {
    logger.error({ projection, err: error, events: applied.length }, 'side effects failed; the events stay applied and their effects are not retried');
  }
}
