import { type RecordedEvent } from '@ledger/event-store';
import { randomUUID } from 'node:crypto';
import type { IHeaders, Kafka } from 'kafkajs';
import { decodeEventRecord } from '../envelope/event-envelope';

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

function headerText(headers: IHeaders | undefined): Record<string, string> {
  const text: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value !== undefined) text[name] = (Array.isArray(value) ? value : [value]).map(String).join(',');
  }
  return text;
}

/** Tests often read a topic the code under test has yet to create. */
async function waitForTopic(kafka: Kafka, topic: string, deadline: number): Promise<void> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    while (!(await admin.listTopics()).includes(topic)) {
      if (performance.now() > deadline) throw new Error(`topic ${topic} does not exist`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    await admin.disconnect();
  }
}

/**
 * Reads a topic from its beginning (waiting for it to exist) with a fresh consumer group that commits nothing, so tests
 * see exactly what reached the broker (in offset order per partition) and leave no group behind.
 */
export async function readTopic(kafka: Kafka, topic: string, options: ReadTopicOptions): Promise<ConsumedEvent[]> {
  const consumed: ConsumedEvent[] = [];
  if (options.until(consumed)) return consumed;
  // A short fetch wait: the test is waiting, and the broker is local.
  const consumer = kafka.consumer({ groupId: `read-topic-${randomUUID()}`, maxWaitTimeInMs: 50 });
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  let timer: NodeJS.Timeout | undefined;
  const timeoutMs = options.timeoutMs ?? 20_000;
  const timedOut = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`read ${consumed.length} records of ${topic} in ${timeoutMs} ms without meeting the condition`)), timeoutMs);
  });
  try {
    await waitForTopic(kafka, topic, performance.now() + timeoutMs);
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: ({ partition, message }) => {
        const event = decodeEventRecord(message);
        consumed.push({ topic, partition, offset: BigInt(message.offset), key: message.key?.toString() ?? '', headers: headerText(message.headers), event });
        if (options.until(consumed)) finish();
        return Promise.resolve();
      },
    });
    await Promise.race([finished, timedOut]);
    return [...consumed];
  } finally {
    clearTimeout(timer);
    await consumer.disconnect();
  }
}

/** Removes topics a test created; missing ones are ignored. */
export async function deleteTopics(kafka: Kafka, topics: readonly string[]): Promise<void> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    const existing = new Set(await admin.listTopics());
    const present = topics.filter((topic) => existing.has(topic));
    if (present.length > 0) await admin.deleteTopics({ topics: present });
  } finally {
    await admin.disconnect();
  }
}

/** Every topic whose name starts with `prefix`: what a test's relay created under its own prefix. */
export async function topicsWithPrefix(kafka: Kafka, prefix: string): Promise<string[]> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    return (await admin.listTopics()).filter((topic) => topic.startsWith(prefix));
  } finally {
    await admin.disconnect();
  }
}
