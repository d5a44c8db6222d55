import { compatibilityPartitioner, ProduceAcks, Producer } from '@platformatic/kafka';
import { type KafkaRecord } from '../../envelope/event-envelope';
import { type ConnectionSettings } from '../connection-settings';
import { type RecordProducer } from '../kafka-client';
import { clientOptions } from './client-options';

/**
 * `RecordProducer` on @platformatic/kafka: idempotent (the broker drops the duplicates of its own
 * retries and keeps each partition's order), acks from all in-sync replicas. Its default
 * partitioner reads murmur2 as unsigned, which sends about half the keys to another partition
 * than Java and kafkajs do; the compatibility one masks the sign bit like they do, so a stream
 * stays on its partition whichever client wrote it.
 */
export class PlatformaticRecordProducer implements RecordProducer {
  private producer: Producer | undefined;

  constructor(
    private readonly settings: ConnectionSettings,
    // Sends are awaited one at a time by the callers that need order, and the idempotent producer
    // keeps order per partition across its retries, so ordered needs nothing more here.
    readonly ordered: boolean,
  ) {}

  async send(records: readonly KafkaRecord[]): Promise<void> {
    if (records.length === 0) return;
    this.producer ??= new Producer({
      ...clientOptions(this.settings),
      idempotent: true,
      acks: ProduceAcks.ALL,
      partitioner: compatibilityPartitioner,
    });
    await this.producer.send({
      messages: records.map((record) => ({
        topic: record.topic,
        key: Buffer.from(record.key),
        value: record.value,
        headers: new Map(Object.entries(record.headers).map(([name, value]) => [Buffer.from(name), Buffer.from(value)])),
      })),
    });
  }

  async close(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    await producer?.close();
  }
}
