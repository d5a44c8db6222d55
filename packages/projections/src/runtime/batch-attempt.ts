import { type RecordedEvent } from '@ledger/event-store';
import { type ConsumedRecord } from '@ledger/messaging';
import { type NewDeadLetter } from '../port/dead-letter';
import { type ProjectionUnit } from '../port/projection-units';
import { type StreamReader } from '../port/stream-reader';
import { healedArrival, letterOf, recordOf, streamIdOfRecord, undecodableLetter, type Arrival } from './arrivals';
import { applyOneByOne } from './apply-events';
import { type AttemptCounter } from './attempt-counter';
import { describeFailure, isPermanentFailure } from './failures';
import { backoffDelayMs, type RetryPolicy } from './retry-policy';
import { readMissingRevisions } from './stream-healer';

export interface AttemptSettings {
  readonly projection: string;
  /** Apply event by event, each isolated, to find the failing ones and set them aside. */
  readonly careful: boolean;
  readonly retry: RetryPolicy;
  readonly attempts: AttemptCounter;
  readonly streams: StreamReader;
  readonly isTransient: (error: unknown) => boolean;
}

export interface DeadLettered {
  readonly id: number;
  readonly letter: NewDeadLetter;
  readonly event: RecordedEvent | null;
}

export interface AttemptOutcome {
  readonly applied: readonly RecordedEvent[];
  readonly duplicates: number;
  readonly healed: number;
  readonly parked: number;
  readonly deadLettered: readonly DeadLettered[];
}

export interface RetryingEvent {
  readonly event: RecordedEvent;
  readonly error: unknown;
  readonly attempts: number;
}

/** Some events failed and have tries left: roll the unit back and attempt the batch again later. */
export class RetryLater extends Error {
  override readonly name = 'RetryLater';

  constructor(
    readonly delayMs: number,
    readonly events: readonly RetryingEvent[],
  ) {
    super(`${events.length} event(s) failed and will be tried again in ${delayMs} ms`);
  }
}

/**
 * One attempt at one batch inside one unit of work. Per record, in order: drop a duplicate
 * (revision at or below the stream's last), park an event of a held stream behind its open dead
 * letter, fill a gap from the event store, then apply. In careful mode each event is applied
 * alone; one that fails is retried later, or dead-lettered once out of tries (or at once when no
 * retry can help) and its stream held for the rest of the batch.
 */
export class BatchAttempt {
  private readonly toApply: RecordedEvent[] = [];
  private readonly applied: RecordedEvent[] = [];
  private readonly deadLettered: DeadLettered[] = [];
  private readonly retrying: RetryingEvent[] = [];
  private duplicates = 0;
  private healed = 0;
  private parked = 0;

  private constructor(
    private readonly unit: ProjectionUnit,
    private readonly settings: AttemptSettings,
    /** Held streams: the dead letter their later events wait behind, or `retry` for this attempt only. */
    private readonly held: Map<string, number | 'retry'>,
    private readonly last: Map<string, bigint>,
  ) {}

  static async run(unit: ProjectionUnit, records: readonly ConsumedRecord[], settings: AttemptSettings): Promise<AttemptOutcome> {
    const streamIds = [...new Set(records.map(streamIdOfRecord).filter((id): id is string => id !== null))];
    // Asked together: a store beside PostgreSQL (the MongoDB portfolio) reads its guards while
    // PostgreSQL answers for the dead letters.
    const [last, held] = await Promise.all([unit.writer.lastRevisions(streamIds), unit.deadLetters.heldStreams(streamIds)]);
    const attempt = new BatchAttempt(unit, settings, new Map(held), new Map(last));
    for (const record of records) await attempt.take(record);
    return attempt.finish();
  }

  private async take(record: ConsumedRecord): Promise<void> {
    if (record.decoded.ok) return this.takeEvent({ event: record.decoded.event, record: recordOf(record) });
    const streamId = record.key;
    const holder = streamId === null ? undefined : this.held.get(streamId);
    if (holder === 'retry') return;
    if (holder !== undefined) return this.park(undecodableLetter(this.settings.projection, record, null, 0), holder);
    const letter = undecodableLetter(this.settings.projection, record, describeFailure(record.decoded.error), 1);
    const id = await this.unit.deadLetters.open(letter);
    this.deadLettered.push({ id, letter, event: null });
    if (streamId !== null) this.held.set(streamId, id);
  }

  private async takeEvent(arrival: Arrival): Promise<void> {
    const { streamId, streamRevision } = arrival.event;
    const last = this.last.get(streamId) ?? -1n;
    if (streamRevision <= last) {
      this.duplicates += 1;
      return;
    }
    const holder = this.held.get(streamId);
    if (holder === 'retry') return;
    if (holder !== undefined) return this.park(letterOf(this.settings.projection, arrival, null, 0), holder);
    const arrivals = streamRevision > last + 1n ? await this.withMissing(arrival, last) : [arrival];
    if (arrivals !== undefined) await this.applyInOrder(arrivals);
  }

  /** The gap before `arrival` read from the event store, then `arrival`; undefined when that failed. */
  private async withMissing(arrival: Arrival, last: bigint): Promise<Arrival[] | undefined> {
    const { streamId, streamRevision } = arrival.event;
    try {
      const missing = await readMissingRevisions(this.settings.streams, streamId, last + 1n, streamRevision - 1n);
      this.healed += missing.length;
      return [...missing.map((event) => healedArrival(event, arrival.record.topic)), arrival];
    } catch (error) {
      if (this.settings.isTransient(error)) throw error;
      await this.failed(arrival, error, []);
      return undefined;
    }
  }

  private async applyInOrder(arrivals: readonly Arrival[]): Promise<void> {
    if (!this.settings.careful) {
      for (const { event } of arrivals) {
        this.toApply.push(event);
        this.accept(event);
      }
      return;
    }
    const events = arrivals.map(({ event }) => event);
    const failure = await applyOneByOne(this.unit.writer, events, this.settings.isTransient, (event) => this.accept(event));
    const failed = failure === undefined ? undefined : arrivals[failure.index];
    if (failure !== undefined && failed !== undefined) await this.failed(failed, failure.error, arrivals.slice(failure.index + 1));
  }

  private accept(event: RecordedEvent): void {
    this.last.set(event.streamId, event.streamRevision);
    this.applied.push(event);
  }

  /** Dead-letters the event once out of tries (parking `later` behind it), else marks it for retry. */
  private async failed(arrival: Arrival, error: unknown, later: readonly Arrival[]): Promise<void> {
    const { event } = arrival;
    const attempts = this.settings.attempts.bump(event.eventId);
    if (!isPermanentFailure(error) && attempts < this.settings.retry.maxAttempts) {
      this.held.set(event.streamId, 'retry');
      this.retrying.push({ event, error, attempts });
      return;
    }
    const letter = letterOf(this.settings.projection, arrival, describeFailure(error), attempts);
    const id = await this.unit.deadLetters.open(letter);
    this.deadLettered.push({ id, letter, event });
    this.held.set(event.streamId, id);
    for (const next of later) await this.park(letterOf(this.settings.projection, next, null, 0), id);
  }

  private async park(letter: NewDeadLetter, blockedBy: number): Promise<void> {
    await this.unit.deadLetters.park(letter, blockedBy);
    this.parked += 1;
  }

  private async finish(): Promise<AttemptOutcome> {
    if (this.retrying.length > 0) {
      const delayMs = Math.max(...this.retrying.map(({ attempts }) => backoffDelayMs(this.settings.retry, attempts)));
      throw new RetryLater(delayMs, this.retrying);
    }
    if (this.toApply.length > 0) await this.unit.writer.apply(this.toApply);
    const { applied, duplicates, healed, parked, deadLettered } = this;
    return { applied, duplicates, healed, parked, deadLettered };
  }
}
