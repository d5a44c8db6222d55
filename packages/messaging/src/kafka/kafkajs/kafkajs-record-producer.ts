import type { Kafka, Producer } from 'kafkajs';
import { type KafkaRecord } from '../envelope/event-envelope';

/**
 * Sends `KafkaRecord`s as they are (dead letters, test fixtures): idempotent producer, acks from
 * all in-sync replicas, so a resolved `send` means the records are durable on the cluster.
 */
export class KafkaRecordProducer {
  private readonly producer: Producer;
  private connected: Promise<void> | undefined;

  constructor(kafka: Kafka) {
    this.producer = kafka.producer({ idempotent: true, maxInFlightRequests: 5, allowAutoTopicCreation: false });
  }

  async send(records: readonly KafkaRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.connect();
    const byTopic = new Map<string, KafkaRecord[]>();
    for (const record of records) byTopic.set(record.topic, [...(byTopic.get(record.topic) ?? []), record]);
    await this.producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, ofTopic]) => ({
        topic,
        messages: ofTopic.map((record) => ({ key: record.key, value: record.value, headers: { ...record.headers } })),
      })),
    });
  }

  async close(): Promise<void> {
    if (this.connected === undefined) return;
    this.connected = undefined;
    await this.producer.disconnect();
  }

  private connect(): Promise<void> {
    if (this.connected === undefined) {
      this.connected = this.producer.connect();
      this.connected.catch(() => (this.connected = undefined));
    }
    return this.connected;
  }
}
