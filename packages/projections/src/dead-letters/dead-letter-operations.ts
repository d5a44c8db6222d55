import { type RecordedEvent } from '@ledger/event-store';
import { eventOfDeadLetter } from './event-of-dead-letter';
import { type DeadLetter, type DeadLetterDecision } from '../port/dead-letter';
import { type ProjectionUnit, type ProjectionUnits } from '../port/projection-units';
import { type StreamReader } from '../port/stream-reader';
import { runSideEffects } from '../runtime/apply-events';
import { describeFailure } from '../runtime/failures';
import { type ProjectionLogger } from '../runtime/logger';
import { advanceTo, applyInOrder } from './apply-in-order';
import { DeadLetterNotFoundError, DeadLetterNotOpenError, UnknownProjectionError } from './dead-letter-errors';
import { notingApplied } from './noting-applied';
import { releaseWaiting, type Release } from './release-waiting';

/** How to write one projection from an operator's request. */
export interface ProjectionHandle {
  readonly units: ProjectionUnits;
  readonly isTransient: (error: unknown) => boolean;
  /**
   * The projection's side effects (`ProjectionDefinition.sideEffects`). What a retry or skip
   * applies no live batch will bring again (the guard has passed it), so they run here, for those
   * events, once the operation committed.
   */
  readonly sideEffects?: (applied: readonly RecordedEvent[]) => Promise<void>;
}

export interface DeadLetterOperationsOptions {
  readonly find: (id: number) => Promise<DeadLetter | undefined>;
  readonly projections: ReadonlyMap<string, ProjectionHandle>;
  readonly streams: StreamReader;
  readonly logger: ProjectionLogger;
}

/** What a retry or skip did; `failed` leaves the dead letter open (a retry counts one more attempt). */
export interface DeadLetterAction {
  readonly outcome: 'retried' | 'skipped' | 'failed';
  readonly error: string | null;
  readonly release: Release;
  /** The entry as it is now. */
  readonly deadLetter: DeadLetter;
}

/** The decision on the log line too, so the audit trail does not depend on the table alone. */
const decisionFields = (decision: DeadLetterDecision | undefined) => (decision === undefined ? {} : { resolvedBy: decision.by, resolutionReason: decision.reason });

const nothingReleased: Release = { released: 0, stillWaiting: 0, blockedBy: null };

/**
 * An operator's retry and skip of an open dead letter. Each runs in one exclusive unit of work of
 * its projection (batches wait meanwhile), so the stream is released in order, with nothing
 * parked behind it concurrently and left stranded.
 */
export class DeadLetterOperations {
  constructor(private readonly options: DeadLetterOperationsOptions) {}

  /** Applies the event again (after its cause was fixed), then the events waiting behind it; `decision` says who asked. */
  retry(id: number, decision?: DeadLetterDecision): Promise<DeadLetterAction> {
    return this.act(id, 'retried', decision, async (unit, letter) => {
      const event = eventOfDeadLetter(letter.record);
      await applyInOrder(unit, this.options.streams, event);
      return event.streamId;
    });
  }

  /** Records the event as handled without applying it, then applies the events waiting behind it; `decision` says who and why. */
  skip(id: number, decision?: DeadLetterDecision): Promise<DeadLetterAction> {
    return this.act(id, 'skipped', decision, async (unit, letter) => {
      const { streamId, revision } = letter;
      if (streamId === null || revision === null) return streamId;
      const last = (await unit.writer.lastRevisions([streamId])).get(streamId) ?? -1n;
      if (revision <= last) return streamId;
      await advanceTo(unit, this.options.streams, streamId, last, revision - 1n);
      await unit.writer.skip(streamId, revision);
      return streamId;
    });
  }

  private async act(
    id: number,
    outcome: 'retried' | 'skipped',
    decision: DeadLetterDecision | undefined,
    resolve: (unit: ProjectionUnit, letter: DeadLetter, handle: ProjectionHandle) => Promise<string | null>,
  ): Promise<DeadLetterAction> {
    const handle = await this.handleOf(id);
    // Noted whatever the outcome: a failed retry commits too, with the gap it healed before failing.
    const applied: RecordedEvent[] = [];
    const result = await handle.units.runExclusive(async (shared) => {
      // Only the run that commits counts, should units ever run work again.
      applied.length = 0;
      const unit = notingApplied(shared, applied);
      const letter = await unit.deadLetters.lock(id);
      if (letter === undefined) throw new DeadLetterNotFoundError(id);
      if (letter.status !== 'open') throw new DeadLetterNotOpenError(id, letter.status);
      let streamId: string | null;
      try {
        streamId = await resolve(unit, letter, handle);
      } catch (error) {
        if (handle.isTransient(error)) throw error;
        const reason = describeFailure(error);
        await unit.deadLetters.reopen(id, reason, letter.attempts + (outcome === 'retried' ? 1 : 0));
        return { outcome: 'failed' as const, error: reason, release: nothingReleased, letter };
      }
      await unit.deadLetters.resolve(id, outcome, decision);
      const release = await releaseWaiting(unit, this.options.streams, streamId, handle.isTransient);
      return { outcome, error: null, release, letter };
    });
    const { letter, ...action } = result;
    await runSideEffects(handle.sideEffects, applied, this.options.logger, letter.projection);
    this.options.logger[action.outcome === 'failed' ? 'warn' : 'info'](
      { deadLetterId: id, projection: letter.projection, streamId: letter.streamId, revision: letter.revision?.toString(), ...action, ...decisionFields(decision) },
      `dead letter ${action.outcome}`,
    );
    const now = await this.options.find(id);
    if (now === undefined) throw new DeadLetterNotFoundError(id);
    return { ...action, deadLetter: now };
  }

  private async handleOf(id: number): Promise<ProjectionHandle> {
    const letter = await this.options.find(id);
    if (letter === undefined) throw new DeadLetterNotFoundError(id);
    const handle = this.options.projections.get(letter.projection);
    if (handle === undefined) throw new UnknownProjectionError(letter.projection);
    return handle;
  }
}
