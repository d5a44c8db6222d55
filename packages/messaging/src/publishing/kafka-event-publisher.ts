import { type RecordedEvent } from '@ledger/event-store';
import { encodeEventRecord } from '../envelope/event-envelope';
import { eventTopics, type EventTopics } from '../envelope/event-topic';
import { type KafkaConnection, type RecordProducer } from '../kafka/kafka-client';
import { ensureTopics, singleBrokerReplication, type TopicReplication } from '../kafka/topics';
import { type EventPublisher } from './event-publisher';

export interface KafkaEventPublisherOptions {
  readonly kafka: KafkaConnection;
  /** Which topic each stream's events go to; `ledger.<category>` unless a test wants its own. */
  readonly topics?: EventTopics;
  /** Partitions of each topic this publisher creates (brokers run with auto-creation off). */
  readonly partitions: number;
  readonly replication?: TopicReplication;
}

/**
 * The EventPublisher port on Kafka: an ordered idempotent producer (no duplicates from its own
 * retries, order kept per partition), acks from all in-sync replicas, one send per call,
 * key = stream id so a stream stays on one partition.
 */
export class KafkaEventPublisher implements EventPublisher {
  private readonly kafka: KafkaConnection;
  private readonly topics: EventTopics;
  private readonly partitions: number;
  private readonly replication: TopicReplication;
  private readonly existingTopics = new Set<string>();
  private producer: RecordProducer | undefined;

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
    // Events in the order given, so each stream's order survives the grouping by topic.
    const records = events.map((event) => encodeEventRecord(event, this.topics.ofStream(event.streamId)));
    await this.ensureTopics([...new Set(records.map((record) => record.topic))]);
    this.producer ??= this.kafka.recordProducer({ ordered: true });
    try {
      await this.producer.send(records);
    } catch (error) {
      // After an ambiguous failure the producer's sequence numbers may no longer match the
      // broker's, which would fail every later send; a new producer id starts clean. The price, a
      // duplicate of what did land, is what at-least-once allows.
      await this.close();
      throw error;
    }
  }

  async close(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    await producer?.close().catch(() => undefined);
  }

  private async ensureTopics(topics: readonly string[]): Promise<void> {
    const unknown = topics.filter((topic) => !this.existingTopics.has(topic));
    if (unknown.length === 0) return;
    await ensureTopics(this.kafka, unknown.map((name) => ({ name, partitions: this.partitions })), this.replication);
    for (const topic of unknown) this.existingTopics.add(topic);
  }
}
