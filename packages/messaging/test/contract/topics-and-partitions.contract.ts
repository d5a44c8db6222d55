import { randomUUID } from 'node:crypto';
import type { Consumer, Producer } from 'kafkajs';
import { connectKafka, ensureTopics, parseBrokerList } from '../src';

describe('a Kafka round trip on the local broker', () => {
  const topic = `test.round-trip.${randomUUID()}`;
  const kafka = connectKafka({ brokers: parseBrokerList(process.env.KAFKA_BROKERS ?? ''), clientId: 'round-trip-test' });
  let producer: Producer;
  let consumer: Consumer;

  beforeAll(async () => {
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    consumer = kafka.consumer({ groupId: `test-${randomUUID()}` });
    await Promise.all([producer.connect(), consumer.connect()]);
  });

  afterAll(async () => {
    await Promise.all([producer.disconnect(), consumer.disconnect()]);
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic] });
    await admin.disconnect();
  });

  it('creates a topic with an explicit partition count, once', async () => {
    expect(await ensureTopics(kafka, [{ name: topic, partitions: 4 }])).toEqual([topic]);
    expect(await ensureTopics(kafka, [{ name: topic, partitions: 4 }])).toEqual([]);

    const admin = kafka.admin();
    await admin.connect();
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    await admin.disconnect();
    expect(metadata.topics[0]?.partitions).toHaveLength(4);
  });

  it('delivers every message, and each key in the order it was produced, on one partition', async () => {
    const keys = ['account-a', 'account-b', 'account-c', 'account-d', 'account-e'];
    const perKey = 20;
    const sent = keys.flatMap((key) => Array.from({ length: perKey }, (_, sequence) => ({ key, value: String(sequence) })));
    await producer.send({ topic, acks: -1, messages: sent });

    const received: { key: string; value: number; partition: number }[] = [];
    await consumer.subscribe({ topic, fromBeginning: true });
    const allReceived = new Promise<void>((resolveAll) => {
      void consumer.run({
        eachMessage: ({ message, partition }) => {
          received.push({ key: message.key?.toString() ?? '', value: Number(message.value?.toString()), partition });
          if (received.length === sent.length) resolveAll();
          return Promise.resolve();
        },
      });
    });
    await allReceived;

    for (const key of keys) {
      const ofKey = received.filter((message) => message.key === key);
      expect(ofKey.map((message) => message.value)).toEqual(Array.from({ length: perKey }, (_, sequence) => sequence));
      expect(new Set(ofKey.map((message) => message.partition)).size).toBe(1);
    }
    expect(new Set(received.map((message) => message.partition)).size).toBeGreaterThan(1);
  });
});
