// loop-projector's second baseline, raw-bulk-upsert: the rows account-summary writes for the
// backlog, in the projector's own batches, written with pg alone (raw-summary.ts). The batches
// are taken from Kafka with the projector's consumer settings, starting where the projection's
// group committed: a fetch's batch depends on those offsets and on maxBytesPerPartition, not on
// how fast the handler is, so they are the batches the projection will get.
import { type RecordedEvent } from '@ledger/event-store';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Pool } from 'pg';
import { joinedConsumer } from './loop-kafka';
import { inParallel } from './loop-session';
import type { Kafka } from './loop-system';
import type { RawSummaryTable, SummaryRow } from './raw-summary';

/** The events of one eachBatch call (one partition). */
export interface ConsumedEvents {
  readonly partition: number;
  readonly events: readonly RecordedEvent[];
}

/**
 * The batches a consumer of `topic` with the projector's settings gets from the offsets
 * `groupId` committed to the topic's end, read in a fresh group `replayGroupId` whose offsets
 * are set to those first. Unmeasured.
 */
export async function batchesAfter(kafka: Kafka, groupId: string, replayGroupId: string, topic: string): Promise<ConsumedEvents[]> {
  let total = 0;
  const starts = (await kafka.groupOffsets(groupId, [topic])).map(({ partition, committed, low, high }) => {
    const from = committed ?? low;
    total += Number(high - from);
    return { topic, partition, offset: from };
  });
  await kafka.setGroupOffsets(replayGroupId, starts);
  const batches: ConsumedEvents[] = [];
  let read = 0;
  const { consumer } = await joinedConsumer(kafka, replayGroupId, [topic], true, (records) => {
    read += records.length;
    const events = records.flatMap((record) => (record.decoded.ok ? [record.decoded.event] : []));
    if (records[0] !== undefined) batches.push({ partition: records[0].partition, events });
  });
  try {
    for (const deadline = performance.now() + 120_000; read < total && performance.now() < deadline; ) await sleep(5);
    if (read < total) throw new Error(`replaying ${topic} from ${groupId}'s offsets read ${read} of ${total} records in 120 s`);
    return batches;
  } finally {
    await consumer.stop();
  }
}

/**
 * Writes each batch's rows as one upsert (its own transaction), a partition's batches in order
 * and `concurrency` partitions at a time, as the projector's consumer hands them out
 * (partitionsConsumedConcurrently). The rows are derived before the clock starts.
 */
export async function rawBulkUpsert(pool: Pool, table: RawSummaryTable, batches: readonly ConsumedEvents[], concurrency: number): Promise<{ events: number; rows: number; seconds: number }> {
  const partitions = new Map<number, SummaryRow[][]>();
  for (const batch of batches) partitions.set(batch.partition, [...(partitions.get(batch.partition) ?? []), table.rowsOf(batch.events)]);
  // Every connection open before the clock starts, as the projector's pool is once it runs.
  await Promise.all(Array.from({ length: concurrency }, () => pool.query('SELECT 1')));
  const started = performance.now();
  await inParallel([...partitions.values()], concurrency, async (queue) => {
    for (const rows of queue) await table.upsert(rows);
  });
  const seconds = (performance.now() - started) / 1_000;
  const rows = [...partitions.values()].flat().reduce((sum, batch) => sum + batch.length, 0);
  return { events: batches.reduce((sum, batch) => sum + batch.events.length, 0), rows, seconds };
}
