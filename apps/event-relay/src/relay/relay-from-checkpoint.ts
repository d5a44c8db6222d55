import { traceBatch, type BatchSpans, type EventStore, type RecordedEvent } from '@ledger/event-store';
import { type EventPublisher } from '@ledger/messaging';
import { batchesOf } from './batches-of';
import { type CheckpointStore } from './checkpoint-store';

/** What one relay pass reads from, writes to and remembers. */
export interface RelayPass {
  /** The checkpoint's name: which store goes to which topics. */
  readonly name: string;
  readonly store: Pick<EventStore, 'subscribeToAll'>;
  readonly publisher: EventPublisher;
  readonly checkpoints: CheckpointStore;
  readonly batchSize: number;
  /** Told about every batch once it is acknowledged and checkpointed. */
  readonly onBatch?: (batch: readonly RecordedEvent[], publishSeconds: number) => void;
}

export interface RelayPassSignals {
  /** Finish the batch in hand (publish, then checkpoint), then return. */
  readonly stop: AbortSignal;
  /** Return at once: another instance may lead now, so nothing more is published or saved. */
  readonly lost: AbortSignal;
}

function positionAfter(batch: readonly RecordedEvent[]): bigint {
  const last = batch.at(-1);
  if (last === undefined) throw new Error('a batch is never empty');
  return last.position;
}

/**
 * Follows `$all` from the saved checkpoint and publishes it batch by batch, saving the
 * checkpoint only after the broker acknowledged the batch. A crash at any point therefore
 * resumes at or before the first unacknowledged event: duplicates, never a loss. Returns when
 * a signal aborts; throws when reading, publishing or saving fails (the caller retries, from
 * the checkpoint again).
 */
export async function relayFromCheckpoint(pass: RelayPass, signals: RelayPassSignals): Promise<void> {
  const checkpoint = await pass.checkpoints.load(pass.name);
  const subscription = pass.store.subscribeToAll({ fromPosition: checkpoint, batchSize: pass.batchSize });
  // Closing the subscription is what ends a wait for new commits.
  const halt = AbortSignal.any([signals.stop, signals.lost]);
  const close = (): void => void subscription.close();
  if (halt.aborted) close();
  halt.addEventListener('abort', close);
  try {
    for await (const batch of batchesOf(subscription, pass.batchSize)) {
      if (signals.lost.aborted) return;
      const started = performance.now();
      const published = await publishTraced(pass, batch, signals.lost);
      if (!published) return;
      pass.onBatch?.(batch, (performance.now() - started) / 1_000);
      if (signals.stop.aborted) return;
    }
  } finally {
    halt.removeEventListener('abort', close);
    await subscription.close();
  }
}

/**
 * Publishes and checkpoints one batch, traced: a `relay publish` span of the batch, and one in
 * each event's own trace (a child of the span that appended it), so a request's trace shows when
 * its events reached Kafka. Answers false when leadership was lost between the two steps.
 */
async function publishTraced(pass: RelayPass, batch: readonly RecordedEvent[], lost: AbortSignal): Promise<boolean> {
  const spans: BatchSpans<RecordedEvent> = {
    batch: { name: 'relay publish', attributes: { 'messaging.system': 'kafka', 'messaging.batch.message_count': batch.length } },
    perEvent: { name: 'relay publish', attributesOf: (event) => ({ 'messaging.system': 'kafka', 'ledger.event.type': event.type, 'ledger.store.position': event.position.toString() }) },
  };
  await traceBatch(batch, spans, async () => {
    await pass.publisher.publish(batch);
    if (!lost.aborted) await pass.checkpoints.save(pass.name, positionAfter(batch));
  });
  return !lost.aborted;
}
