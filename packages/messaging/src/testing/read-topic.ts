import { type RecordedEvent } from '@ledger/event-store';
import { randomUUID } from 'node:crypto';
import { type KafkaConnection } from '../kafka/kafka-client';

/** One event record as a consumer found it on the broker. */
export interface ConsumedEvent {
  readonly topic: string;
  readonly partition: number;
  readonly offset: bigint;
  readonly key: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly event: RecordedEvent;
}

export interface ReadTopicOptions {
  /** Stops reading once this holds for what was read so far. */
  readonly until: (consumed: readonly ConsumedEvent[]) => boolean;
  /** Rejects after this long, saying how much was read. */
  readonly timeoutMs?: number;
}

/** Tests often read a topic the code under test has yet to create. */
async function waitForTopic(kafka: KafkaConnection, topic: string, deadline: number): Promise<void> {
  while (!(await kafka.listTopics()).includes(topic)) {
    if (performance.now() > deadline) throw new Error(`topic ${topic} does not exist`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Reads a topic from its beginning (waiting for it to exist) with a fresh consumer group that commits nothing, so tests
 * see exactly what reached the broker (in offset order per partition) and leave no group behind.
 */
export async function readTopic(kafka: KafkaConnection, topic: string, options: ReadTopicOptions): Promise<ConsumedEvent[]> {
  const consumed: ConsumedEvent[] = [];
  if (options.until(consumed)) return consumed;
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  let timer: NodeJS.Timeout | undefined;
  const timeoutMs = options.timeoutMs ?? 20_000;
  const timedOut = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`read ${consumed.length} records of ${topic} in ${timeoutMs} ms without meeting the condition`)), timeoutMs);
  });
  const seen = new Set<string>();
  // A short fetch wait: the test is waiting, and the broker is local. Batches are `processed` but
  // the group is thrown away; an offset read twice (after a rebalance) is counted once.
  const consumer = kafka.consumer({
    groupId: `read-topic-${randomUUID()}`,
    topics: [topic],
    maxWaitTimeMs: 50,
    onBatch: (batch) => {
      for (const record of batch.records) {
        if (!record.decoded.ok) throw record.decoded.error;
        if (seen.has(`${record.partition}:${record.offset}`)) continue;
        seen.add(`${record.partition}:${record.offset}`);
        consumed.push({ topic, partition: record.partition, offset: BigInt(record.offset), key: record.key ?? '', headers: record.headers, event: record.decoded.event });
      }
      if (options.until(consumed)) finish();
      return Promise.resolve('processed');
    },
  });
  try {
    await waitForTopic(kafka, topic, performance.now() + timeoutMs);
    await consumer.start();
    await Promise.race([finished, timedOut]);
    return [...consumed];
  } finally {
    clearTimeout(timer);
    await consumer.stop();
  }
}

/** Removes topics a test created; missing ones are ignored. */
export async function deleteTopics(kafka: KafkaConnection, topics: readonly string[]): Promise<void> {
  const existing = new Set(await kafka.listTopics());
  await kafka.deleteTopics(topics.filter((topic) => existing.has(topic)));
}

/** Every topic whose name starts with `prefix`: what a test's relay created under its own prefix. */
export async function topicsWithPrefix(kafka: KafkaConnection, prefix: string): Promise<string[]> {
  return (await kafka.listTopics()).filter((topic) => topic.startsWith(prefix));
}
