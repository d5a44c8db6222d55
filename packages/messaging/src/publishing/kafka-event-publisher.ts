import { type RecordedEvent } from '@ledger/event-store';
import { Partitioners, type Kafka, type Message, type Producer, type TopicMessages } from 'kafkajs';
import { encodeEventRecord } from '../envelope/event-envelope';
import { eventTopics, type EventTopics } from '../envelope/event-topic';
import { ensureTopics, singleBrokerReplication, type TopicReplication } from '../kafka/topics';
import { type EventPublisher } from './event-publisher';

export interface KafkaEventPublisherOptions {
  readonly kafka: Kafka;
  /** Which topic each stream's events go to; `ledger.<category>` unless a test wants its own. */
  readonly topics?: EventTopics;
  /** Partitions of each topic this publisher creates (brokers run with auto-creation off). */
  readonly partitions: number;
  readonly replication?: TopicReplication;
}

// Bounded (about 3 s with kafkajs' jitter) instead of kafkajs' endless default for idempotent
// producers: an outage then surfaces as an error the caller can log, count and retry, and a
// graceful stop is not stuck behind a send that never returns. Retrying is the caller's job.
const sendRetry = { retries: 5, initialRetryTime: 100, maxRetryTime: 2_000 };

/** The record of one event, as kafkajs wants it (the envelope codec decides its content). */
function messageOf(event: RecordedEvent, topic: string): Message {
  const record = encodeEventRecord(event, topic);
  return { key: record.key, value: record.value, headers: { ...record.headers } };
}

/** One entry per topic, events in the order given, so each stream's order survives the grouping. */
function groupByTopic(events: readonly RecordedEvent[], topics: EventTopics): TopicMessages[] {
  const byTopic = new Map<string, Message[]>();
  for (const event of events) {
    const topic = topics.ofStream(event.streamId);
    const messages = byTopic.get(topic) ?? [];
    messages.push(messageOf(event, topic));
    byTopic.set(topic, messages);
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}

/**
 * The EventPublisher port on Kafka: an idempotent producer (no duplicates from its own
 * retries, order kept per partition with one request in flight), acks from all in-sync
 * replicas, one `sendBatch` per call, key = stream id so a stream stays on one partition.
 */
export class KafkaEventPublisher implements EventPublisher {
  private readonly kafka: Kafka;
  private readonly topics: EventTopics;
  private readonly partitions: number;
  private readonly replication: TopicReplication;
  private readonly existingTopics = new Set<string>();
  private producer: Promise<Producer> | undefined;

  constructor(options: KafkaEventPublisherOptions) {
    this.kafka = options.kafka;
    this.topics = options.topics ?? eventTopics();
    this.partitions = options.partitions;
    this.replication = options.replication ?? singleBrokerReplication;
  }

  /** Creates the topics of these categories ahead of the first event, so a broker problem shows at start. */
  async ensureCategoryTopics(categories: readonly string[]): Promise<void> {
    await this.ensureTopics(categories.map((category) => this.topics.ofCategory(category)));
  }

  async publish(events: readonly RecordedEvent[]): Promise<void> {
    if (events.length === 0) return;
    const topicMessages = groupByTopic(events, this.topics);
    await this.ensureTopics(topicMessages.map((entry) => entry.topic));
    const producer = await this.connected();
    try {
      await producer.sendBatch({ acks: -1, topicMessages });
    } catch (error) {
      // After an ambiguous failure kafkajs' sequence numbers may no longer match the broker's,
      // which would fail every later send; a new producer id starts clean. The price, a
      // duplicate of what did land, is what at-least-once allows.
      await this.disconnect();
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.disconnect();
  }

  private async ensureTopics(topics: readonly string[]): Promise<void> {
    const unknown = topics.filter((topic) => !this.existingTopics.has(topic));
    if (unknown.length === 0) return;
    await ensureTopics(this.kafka, unknown.map((name) => ({ name, partitions: this.partitions })), this.replication);
    for (const topic of unknown) this.existingTopics.add(topic);
  }

  private connected(): Promise<Producer> {
    this.producer ??= this.connect();
    return this.producer;
  }

  private async connect(): Promise<Producer> {
    const producer = this.kafka.producer({
      idempotent: true,
      // kafkajs keeps order (and idempotence) only with one request in flight per broker.
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      // Java-compatible murmur2, so every client language maps a stream id to the same partition.
      createPartitioner: Partitioners.DefaultPartitioner,
      retry: sendRetry,
    });
    try {
      await producer.connect();
      return producer;
    } catch (error) {
      this.producer = undefined;
      throw error;
    }
  }

  private async disconnect(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    await producer?.then((connected) => connected.disconnect()).catch(() => undefined);
  }
}
