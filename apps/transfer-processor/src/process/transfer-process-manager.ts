import { parseTransferId, transferIdOfStream, type TransferId } from '@ledger/domain';
import { type EventMetadata, type RecordedEvent } from '@ledger/event-store';
import { type BatchOutcome, type ConsumedBatch } from '@ledger/messaging';
import { atMostEvery, type AppLogger } from '@ledger/platform';
import { type AdvanceOutcome, type TransferLegs } from './transfer-legs';

export interface TransferProcessManagerOptions {
  readonly legs: TransferLegs;
  /** Transfers of one batch advanced at once. */
  readonly concurrency: number;
  readonly logger: AppLogger;
  readonly onAdvanced?: (outcome: AdvanceOutcome) => void;
  /** Waits between attempts at a transfer that failed (the store away, conflicts that kept winning). */
  readonly retryDelayMs?: { readonly initial: number; readonly max: number };
}

/**
 * The process manager of transfers, as a consumer of the `transfer` topic: every event of a
 * transfer wakes it, and it advances that transfer from the state in the store (never from the
 * event, which may be old or repeated). Offsets are committed only after every transfer of the
 * batch went as far as it can, so a crash anywhere means the batch comes again and each
 * transfer resumes from its stream alone. A transfer that fails is retried until it goes through
 * or the partition moves away: skipping it would leave money half-moved.
 */
export class TransferProcessManager {
  private readonly warnNow = atMostEvery(5_000);

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
      if (!record.decoded.ok) {
        this.options.logger.error({ err: record.decoded.error, topic: record.topic, partition: record.partition, offset: record.offset }, 'a record that is no event; skipped');
        continue;
      }
      const transferId = transferIdOf(record.decoded.event);
      if (transferId === undefined) continue;
      causes.delete(transferId);
      causes.set(transferId, causeOf(record.decoded.event));
    }
    return [...causes];
  }

  private async advanceUntilDone(transferId: TransferId, cause: EventMetadata, batch: ConsumedBatch): Promise<void> {
    const { initial, max } = this.options.retryDelayMs ?? { initial: 100, max: 5_000 };
    for (let attempt = 1; !batch.isStale(); attempt++) {
      try {
        const outcome = await this.options.legs.advance(transferId, cause);
        this.options.onAdvanced?.(outcome);
        if (outcome.kind === 'stuck') {
          this.options.logger.error({ transferId, code: outcome.code }, 'the source account refused the refund of a transfer whose credit was refused; an operator must settle it');
        }
        return;
      } catch (error) {
        if (this.warnNow()) this.options.logger.warn({ err: error, transferId, attempt }, 'transfer not advanced; retrying');
        await delay(Math.min(max, initial * 2 ** Math.min(attempt - 1, 16)) * (0.5 + Math.random() / 2), batch.signal);
        await batch.heartbeat().catch(() => undefined);
      }
    }
  }
}

function transferIdOf(event: RecordedEvent): TransferId | undefined {
  const id = transferIdOfStream(event.streamId);
  if (id === undefined) return undefined;
  const parsed = parseTransferId(id);
  return parsed.ok ? parsed.value : undefined;
}

/**
 * What the legs of a transfer carry in their metadata: the request's correlation, trace and actor
 * (the money moves on behalf of whoever asked), caused by the event that woke the process.
 */
function causeOf(event: RecordedEvent): EventMetadata {
  const { correlationId, traceparent, actor, actorRoles } = event.metadata;
  return {
    ...(correlationId === undefined ? {} : { correlationId }),
    ...(traceparent === undefined ? {} : { traceparent }),
    ...(actor === undefined ? {} : { actor }),
    ...(actorRoles === undefined ? {} : { actorRoles }),
    causationId: event.eventId,
    occurredAt: new Date().toISOString(),
  };
}

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
  });
}
