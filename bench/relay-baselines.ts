// loop-relay's baselines: the two halves of the relay's work done alone on the same events.
// raw-read-all reads them with pg in the relay's page size; raw-kafka-produce sends them, encoded
// by the relay's own encoder, with a bare record producer of the same client, set up as the relay's
// publisher (packages/messaging/src/publishing/kafka-event-publisher.ts), in the relay's batches.
// Both are timed as the relay is: from the end of the first batch to the end of the last.
import { type RecordedEvent } from '@ledger/event-store';
import { encodeEventRecord, ensureTopics, singleBrokerReplication } from '@ledger/messaging';
import { performance } from 'node:perf_hooks';
import type { Pool } from 'pg';
import { rawKeysetRead } from './keyset-read';
import type { Kafka } from './loop-system';

/**
 * Events per second after the first batch, as the relay's progress shows it: its first batch
 * ends after the process start, the leadership and the first page, which are not throughput.
 */
export class AfterFirstBatch {
  private first = Number.NaN;
  private last = Number.NaN;
  private counted = 0;
  private readonly sizes: number[] = [];

  /** A batch of `events` ended at `at` (ms on any one clock). */
  ended(events: number, at: number = performance.now()): void {
    if (this.sizes.length === 0) this.first = at;
    else this.counted += events;
    this.sizes.push(events);
    this.last = at;
  }

  /** Events after the first batch, the seconds they took, and every batch's size. */
  result(): { events: number; seconds: number; batches: readonly number[] } {
    return { events: this.counted, seconds: (this.last - this.first) / 1_000, batches: this.sizes };
  }
}

/** The events after `after`, in pages of `pageSize` (the relay's batch size), read once to warm up and then timed. */
export async function rawReadAll(pool: Pool, schema: string, after: bigint, pageSize: number): Promise<ReturnType<AfterFirstBatch['result']>> {
  await rawKeysetRead(pool, schema, { after: after.toString(), pageSize });
  const clock = new AfterFirstBatch();
  // The short page that ends the read is a batch only if it has events: the relay publishes no empty one.
  await rawKeysetRead(pool, schema, { after: after.toString(), pageSize, onPage: (rows) => {
      if (rows > 0) clock.ended(rows);
    },
  });
  return clock.result();
}

/**
 * `events` encoded as the relay encodes them (encodeEventRecord, key = stream id, the envelope's
 * headers) and sent to a fresh `topic` of `partitions` in batches of `batchSizes`, one send
 * each, by the record producer the relay's publisher uses (ordered, idempotent, acks from all
 * in-sync replicas, Java's murmur2 partitioning, no compression).
 * The encoding is done first and timed apart: the relay does it inside its publish.
 */
export async function rawKafkaProduce(
  kafka: Kafka,
  topic: string,
  partitions: number,
  events: readonly RecordedEvent[],
  batchSizes: readonly number[],
): Promise<ReturnType<AfterFirstBatch['result']> & { encodeSeconds: number }> {
  await ensureTopics(kafka, [{ name: topic, partitions }], singleBrokerReplication);
  const encoding = performance.now();
  const messages = events.map((event) => encodeEventRecord(event, topic));
  const encodeSeconds = (performance.now() - encoding) / 1_000;
  const producer = kafka.recordProducer({ ordered: true });
  try {
    const clock = new AfterFirstBatch();
    let next = 0;
    for (const size of batchSizes) {
      const batch = messages.slice(next, next + size);
      next += size;
      if (batch.length === 0) break;
      await producer.send(batch);
      clock.ended(batch.length);
    }
    return { ...clock.result(), encodeSeconds };
  } finally {
    await producer.close();
  }
}
