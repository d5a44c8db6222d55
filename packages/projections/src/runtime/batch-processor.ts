import { traceBatch, type BatchSpans, type RecordedEvent } from '@ledger/event-store';
import { type Span } from '@opentelemetry/api';
import { type BatchOutcome, type ConsumedBatch } from '@ledger/messaging';
import { type DeadLetterPublisher } from '../port/dead-letter-publisher';
import { type ProjectionUnit, type ProjectionUnits } from '../port/projection-units';
import { type StreamReader } from '../port/stream-reader';
import { abortableDelay } from './abortable-delay';
import { AttemptCounter } from './attempt-counter';
import { BatchAttempt, RetryLater, type AttemptOutcome } from './batch-attempt';
import { deadLetterRecordOf } from './dead-letter-records';
import { describeFailure } from './failures';
import { type ProjectionLogger } from './logger';
import { type ProjectionStatus } from './projection-status';
import { defaultRetryPolicy, transientRetryPolicy, type RetryPolicy } from './retry-policy';
import { RetryBackoff } from './retry-backoff';
import { runSideEffects } from './apply-events';
import { correlationIdsOf, traceFieldsOf } from './trace-fields';

export interface BatchProcessorOptions {
  readonly projection: string;
  readonly units: ProjectionUnits;
  readonly streams: StreamReader;
  readonly deadLetterTopic: string;
  readonly publisher: DeadLetterPublisher;
  readonly status: ProjectionStatus;
  readonly logger: ProjectionLogger;
  /** Failures of the servers rather than of an event: PostgreSQL's, the read model store's. */
  readonly isTransient: (error: unknown) => boolean;
  readonly retry?: RetryPolicy;
  /** Waits between infrastructure failures; `transientRetryPolicy` unless told. */
  readonly transientRetry?: RetryPolicy;
  /** Called after each committed batch, e.g. for a duration histogram. */
  readonly onCommitted?: (outcome: AttemptOutcome, durationMs: number) => void;
  /** The projection's side effects (see `ProjectionDefinition`), run after each commit, before the offsets move. */
  readonly sideEffects?: (applied: readonly RecordedEvent[]) => Promise<void>;
}

/** A batch's infrastructure failures so far, and how long it has been at it. */
export interface BatchTrouble {
  readonly failures: number;
  readonly sinceMs: number;
}

/** After this many infrastructure failures in a row the projection reports itself `failed`. */
const FAILED_AFTER = 3;

/**
 * Applies a partition's batches: one unit of work per batch (one PostgreSQL transaction), the
 * fast way first (all events in one write), event by event once something failed, and the read
 * progress stored in the same unit. Committed batches are `processed`; a batch whose partition
 * moved or whose consumer stops is `abandoned` and comes again.
 */
export class ProjectionBatchProcessor {
  private readonly attempts = new AttemptCounter();
  private readonly retry: RetryPolicy;

  constructor(private readonly options: BatchProcessorOptions) {
    this.retry = options.retry ?? defaultRetryPolicy;
  }

  /** `onTrouble` hears of each infrastructure failure of the batch (its store away or contended): the retries go on. */
  async process(batch: ConsumedBatch, onTrouble?: (trouble: BatchTrouble) => void): Promise<BatchOutcome> {
    const events = batch.records.flatMap((record) => (record.decoded.ok ? [record.decoded.event] : []));
    const { projection } = this.options;
    const spans: BatchSpans<RecordedEvent> = {
      batch: {
        name: `project batch ${projection}`,
        attributes: { 'ledger.projection': projection, 'messaging.destination.partition.id': String(batch.partition), 'messaging.batch.message_count': batch.records.length },
      },
      // In each event's trace: from the batch's start to the commit that made the event readable.
      perEvent: { name: `project ${projection}`, attributesOf: (event) => ({ 'ledger.projection': projection, 'ledger.event.type': event.type }) },
    };
    return traceBatch(
      events,
      spans,
      async (batchSpan) => {
        const outcome = await this.processIn(batch, batchSpan, onTrouble);
        batchSpan.setAttribute('ledger.batch.outcome', outcome);
        return outcome;
      },
      (outcome) => (outcome === 'processed' ? undefined : new Error('batch abandoned: its partition moved or the consumer stopped')),
    );
  }

  private async processIn(batch: ConsumedBatch, batchSpan: Span, onTrouble?: (trouble: BatchTrouble) => void): Promise<BatchOutcome> {
    const began = performance.now();
    let careful = false;
    let keepPartition = true;
    // A careful attempt that still fails is retried like an infrastructure failure: its events
    // were each given their tries, so what is left is the unit itself.
    const backoff = new RetryBackoff({
      retryable: () => true,
      policy: this.options.transientRetry ?? transientRetryPolicy,
      onFailure: (error, failures) => {
        batchSpan.addEvent('retrying after an infrastructure failure', { failures });
        this.infrastructureFailed(batch, error, failures);
        onTrouble?.({ failures, sinceMs: performance.now() - began });
      },
      wait: (ms) => this.wait(batch, ms),
    });
    while (keepPartition && !batch.isStale()) {
      const started = performance.now();
      try {
        const outcome = await this.options.units.run((unit) => this.attempt(unit, batch, careful));
        this.committed(batch, outcome, performance.now() - started);
        await runSideEffects(this.options.sideEffects, outcome.applied, this.options.logger, this.options.projection);
        return 'processed';
      } catch (error) {
        if (error instanceof RetryLater) {
          careful = true;
          this.logRetries(error);
          keepPartition = await this.wait(batch, error.delayMs);
        } else if (!careful && !this.options.isTransient(error)) {
          // Something in the batch failed: find which event, applying one at a time.
          careful = true;
          this.options.logger.debug({ projection: this.options.projection, err: error }, 'batch failed; applying its events one by one');
        } else {
          keepPartition = await backoff.absorb(error);
        }
      }
    }
    this.attempts.forget(batch.records.map((record) => (record.decoded.ok ? record.decoded.event.eventId : '')));
    return 'abandoned';
  }

  private async attempt(unit: ProjectionUnit, batch: ConsumedBatch, careful: boolean): Promise<AttemptOutcome> {
    const { projection, streams, isTransient } = this.options;
    const outcome = await BatchAttempt.run(unit, batch.records, {
      projection,
      careful,
      retry: this.retry,
      attempts: this.attempts,
      streams,
      isTransient,
    });
    const last = batch.records.at(-1);
    // Stored with the rows: progress and read model commit together or not at all.
    if (last !== undefined) await unit.progress.advance(batch.topic, batch.partition, BigInt(last.offset) + 1n);
    // Sent before the commit: if the commit fails the batch runs again and the topic may get a
    // copy twice (at-least-once), but it never misses one the table has.
    await this.options.publisher.send(outcome.deadLettered.map((entry) => deadLetterRecordOf(this.options.deadLetterTopic, entry)));
    return outcome;
  }

  private committed(batch: ConsumedBatch, outcome: AttemptOutcome, durationMs: number): void {
    // Every event the batch settled, duplicates and parked ones included: none is tried again.
    const settled = [...outcome.applied, ...outcome.deadLettered.flatMap((entry) => (entry.event === null ? [] : [entry.event]))];
    this.attempts.forget([...settled.map((event) => event.eventId), ...batch.records.flatMap((record) => (record.decoded.ok ? [record.decoded.event.eventId] : []))]);
    this.options.status.recordBatch(outcome, batch);
    this.options.onCommitted?.(outcome, durationMs);
    const { logger, projection } = this.options;
    for (const { letter, event } of outcome.deadLettered) {
      logger.error(
        { projection, ...(event === null ? { streamId: letter.streamId, eventId: letter.eventId } : traceFieldsOf(event)), attempts: letter.attempts, error: letter.error },
        'event dead-lettered; later events of its stream wait behind it',
      );
    }
    if (!logger.isLevelEnabled('debug')) return;
    for (const event of outcome.applied) logger.debug({ projection, ...traceFieldsOf(event) }, 'event applied');
    const first = batch.records[0];
    const last = batch.records[batch.records.length - 1];
    logger.debug(
      {
        projection,
        topic: batch.topic,
        partition: batch.partition,
        offsets: `${first?.offset ?? '-'}..${last?.offset ?? '-'}`,
        records: batch.records.length,
        applied: outcome.applied.length,
        duplicates: outcome.duplicates,
        healed: outcome.healed,
        parked: outcome.parked,
        deadLettered: outcome.deadLettered.length,
        durationMs: Math.round(durationMs * 10) / 10,
        correlationIds: correlationIdsOf(outcome.applied),
      },
      'batch applied',
    );
  }

  private logRetries(retry: RetryLater): void {
    for (const { event, error, attempts } of retry.events) {
      this.options.logger.warn(
        { projection: this.options.projection, ...traceFieldsOf(event), attempts, maxAttempts: this.retry.maxAttempts, retryInMs: retry.delayMs, error: describeFailure(error) },
        'event failed; retrying',
      );
    }
  }

  private infrastructureFailed(batch: ConsumedBatch, error: unknown, failures: number): void {
    const reason = describeFailure(error);
    if (failures >= FAILED_AFTER) this.options.status.failing(reason);
    this.options.logger.warn(
      { projection: this.options.projection, topic: batch.topic, partition: batch.partition, failures, error: reason },
      'batch could not be written; retrying',
    );
  }

  /**
   * Waits in steps of at most a second, heartbeating, so a long wait keeps the partition. Returns
   * false when a heartbeat fails (the group is rebalancing): the batch is then dropped, so the
   * consumer can rejoin and the partition's new owner (perhaps this member again) takes it over.
   */
  private async wait(batch: ConsumedBatch, ms: number): Promise<boolean> {
    const until = Date.now() + ms;
    for (let left = ms; left > 0 && !batch.isStale(); left = until - Date.now()) {
      await abortableDelay(Math.min(left, 1_000), batch.signal);
      const alive = await batch.heartbeat().then(
        () => true,
        () => false,
      );
      if (!alive) return false;
    }
    return true;
  }
}
