import { Partitioners, type Kafka, type Producer } from 'kafkajs';
import { type KafkaRecord } from '../../envelope/event-envelope';
import { type RecordProducer } from '../kafka-client';

// Bounded (about 3 s with kafkajs' jitter) instead of kafkajs' endless default for idempotent
// producers: an outage then surfaces as an error the caller can log, count and retry, and a
// graceful stop is not stuck behind a send that never returns. Retrying is the caller's job.
const sendRetry = { retries: 5, initialRetryTime: 100, maxRetryTime: 2_000 };

/** `RecordProducer` on kafkajs: idempotent, acks=-1, Java-compatible murmur2 partitioning. */
export class KafkajsRecordProducer implements RecordProducer {
  private readonly producer: Producer;
  private connected: Promise<void> | undefined;

  constructor(kafka: Kafka, ordered: boolean) {
    this.producer = kafka.producer({
      idempotent: true,
      // kafkajs keeps order across retries only with one request in flight per broker.
      maxInFlightRequests: ordered ? 1 : 5,
      allowAutoTopicCreation: false,
      // Java-compatible murmur2, so every client language maps a stream id to the same partition.
      createPartitioner: Partitioners.DefaultPartitioner,
      retry: sendRetry,
    });
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
