import { EventDecodeError, InvalidHistoryError, parseTransferId, transferIdOfStream, type TransferId } from '@ledger/domain';
import { contextOfTraceparent, inSpan, type EventMetadata } from '@ledger/event-store';
import { type BatchOutcome, type ConsumedBatch, type ConsumedRecord } from '@ledger/messaging';
import { atMostEvery, type AppLogger } from '@ledger/platform';
import { setTimeout as sleep } from 'node:timers/promises';
import { type AdvanceOutcome, type TransferLegs } from './transfer-legs';
import { TransferPoisonError } from './transfer-poison.error';

/** What the process manager needs of the legs: `TransferLegs`, or a stand-in in its unit tests. */
export type TransferAdvancer = Pick<TransferLegs, 'advance'>;

/** Where `advanceUntilDone` left a transfer: as far as it goes, or poisoned (see `TransferPoisonError`). */
export type ProcessOutcome = AdvanceOutcome | { readonly kind: 'poisoned'; readonly reason: string };

export interface TransferProcessManagerOptions {
  readonly legs: TransferAdvancer;
  /** Transfers of one batch advanced at once. */
  readonly concurrency: number;
  readonly logger: AppLogger;
  readonly onAdvanced?: (outcome: ProcessOutcome) => void;
  /** How many transfers are waiting between attempts right now (for a gauge). */
  readonly onRetrying?: (retrying: number) => void;
  /** Waits between attempts at a transfer that failed (the store away, conflicts that kept winning). */
  readonly retryDelayMs?: { readonly initial: number; readonly max: number };
}

/**
 * The process manager of transfers, as a consumer of the `transfer` topic: every event of a
 * transfer wakes it, and it advances that transfer from the state in the store (never from the
 * event, which may be old or repeated). Offsets are committed only after every transfer of the
 * batch went as far as it can, so a crash anywhere means the batch comes again and each
 * transfer resumes from its stream alone. A transfer that fails for a passing reason is retried
 * until it goes through or the partition moves away (skipping it would leave money half-moved);
 * one that can never go through is reported and left, so it does not hold its partition.
 */
export class TransferProcessManager {
  private readonly warnNow = atMostEvery(5_000);
  private retrying = 0;

  constructor(private readonly options: TransferProcessManagerOptions) {}

  readonly onBatch = async (batch: ConsumedBatch): Promise<BatchOutcome> => {
    const woken = this.transfersOf(batch);
    const startedAt = performance.now();
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < woken.length && !batch.isStale()) {
        const [transferId, cause] = woken[next++] ?? [];
        if (transferId !== undefined && cause !== undefined) await this.advanceUntilDone(transferId, cause, batch);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.options.concurrency, woken.length) }, worker));
    this.options.logger.debug({ partition: batch.partition, records: batch.records.length, transfers: woken.length, ms: Math.round(performance.now() - startedAt) }, 'batch advanced');
    return batch.isStale() ? 'abandoned' : 'processed';
  };

  /** Each transfer once, caused by its latest event in the batch. */
  private transfersOf(batch: ConsumedBatch): [TransferId, EventMetadata][] {
    const causes = new Map<TransferId, EventMetadata>();
    for (const record of batch.records) {
      const woken = wokenBy(record);
      if (woken === undefined) {
        this.options.logger.error({ topic: record.topic, partition: record.partition, offset: record.offset, key: record.key }, 'a record of no transfer; skipped');
        continue;
      }
      causes.delete(woken.transferId);
      causes.set(woken.transferId, woken.cause);
    }
    return [...causes];
  }

  private async advanceUntilDone(transferId: TransferId, cause: EventMetadata, batch: ConsumedBatch): Promise<void> {
    const { initial, max } = this.options.retryDelayMs ?? { initial: 100, max: 5_000 };
    for (let attempt = 1; !batch.isStale(); attempt++) {
      try {
        // In the trace of the event that woke it: the legs it appends carry that trace on.
        const outcome = await inSpan('transfer advance', { 'ledger.transfer.id': transferId, 'ledger.attempt': attempt }, () => this.options.legs.advance(transferId, cause), contextOfTraceparent(cause.traceparent));
        this.report(outcome, transferId);
        return;
      } catch (error) {
        if (isPoison(error)) {
          this.report({ kind: 'poisoned', reason: error instanceof Error ? error.message : String(error) }, transferId);
          return;
        }
        if (this.warnNow()) this.options.logger.warn({ err: error, transferId, attempt }, 'transfer not advanced; retrying');
        this.options.onRetrying?.(++this.retrying);
        try {
          await sleep(Math.min(max, initial * 2 ** Math.min(attempt - 1, 16)) * (0.5 + Math.random() / 2), undefined, { signal: batch.signal });
          await batch.heartbeat().catch(() => undefined);
        } catch {
          // Aborted: the consumer is stopping; the batch comes again to whoever holds the partition next.
        } finally {
          this.options.onRetrying?.(--this.retrying);
        }
      }
    }
  }

  private report(outcome: ProcessOutcome, transferId: TransferId): void {
    this.options.onAdvanced?.(outcome);
    if (outcome.kind === 'stuck') {
      this.options.logger.error({ transferId, code: outcome.code }, 'the source account refused the refund of a transfer whose credit was refused; an operator must settle it');
    } else if (outcome.kind === 'poisoned') {
      this.options.logger.error({ transferId, reason: outcome.reason }, 'a transfer no retry can advance; left pending for an operator');
    }
  }
}

// Faults of the data or the code, which the next attempt would meet again.
function isPoison(error: unknown): boolean {
  return error instanceof TransferPoisonError || error instanceof EventDecodeError || error instanceof InvalidHistoryError;
}

/**
 * The transfer a record is about, from its event, or from its key (the stream id) when the
 * envelope does not decode (a newer relay's, say): the transfer's state is read from the store
 * either way, so the key alone is enough to advance it.
 */
function wokenBy(record: ConsumedRecord): { transferId: TransferId; cause: EventMetadata } | undefined {
  const streamId = record.decoded.ok ? record.decoded.event.streamId : record.key;
  const id = streamId === null ? undefined : transferIdOfStream(streamId);
  const parsed = id === undefined ? undefined : parseTransferId(id);
  if (parsed === undefined || !parsed.ok) return undefined;
  return { transferId: parsed.value, cause: record.decoded.ok ? causeOf(record.decoded.event) : {} };
}

/**
 * What the legs of a transfer carry in their metadata: the request's correlation, trace and actor
 * (the money moves on behalf of whoever asked), caused by the event that woke the process.
 */
function causeOf(event: { readonly eventId: string; readonly metadata: EventMetadata }): EventMetadata {
  const { correlationId, traceparent, actor, actorRoles } = event.metadata;
  return {
    ...(correlationId === undefined ? {} : { correlationId }),
    ...(traceparent === undefined ? {} : { traceparent }),
    ...(actor === undefined ? {} : { actor }),
    ...(actorRoles === undefined ? {} : { actorRoles }),
    causationId: event.eventId,
  };
}
