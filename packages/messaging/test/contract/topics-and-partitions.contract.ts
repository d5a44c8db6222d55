import { eventually } from '@ledger/event-store/testing';
import { randomUUID } from 'node:crypto';
import { ensureTopics, type ConsumedRecord } from '../../src';
import { deleteTopics } from '../../src/testing';
import { connectTo, type ContractTarget } from './connect-to';
import { javaPartitionOf } from './java-murmur2';

/** Topics with explicit partition counts, the probe, and keyed records: every key on one partition, Java's, in order, with its headers. */
export function topicsAndPartitionsContract(target: ContractTarget): void {
const { client } = target;
  describe('topics, keys and partitions', () => {
    const topic = `test.round-trip.${client}.${randomUUID()}`;
    const kafka = connectTo(target, 'round-trip-test');
    const producer = kafka.recordProducer();

    afterAll(async () => {
      await producer.close();
      await deleteTopics(kafka, [topic]);
    });

    it('answers a probe with the cluster it reached', async () => {
      const probe = await kafka.probe();
      expect(probe.brokers).toBe(1);
      expect(typeof probe.controller).toBe('number');
    });

    it('creates a topic with an explicit partition count, once', async () => {
      expect(await ensureTopics(kafka, [{ name: topic, partitions: 6 }])).toEqual([topic]);
      expect(await ensureTopics(kafka, [{ name: topic, partitions: 6 }])).toEqual([]);

      const partitions = await kafka.groupOffsets(`test-${randomUUID()}`, [topic]);
      expect(partitions.map((entry) => entry.partition)).toEqual([0, 1, 2, 3, 4, 5]);
      expect(partitions.every((entry) => entry.committed === null && entry.high === 0n)).toBe(true);
    });

    it('creates a topic two processes ask for at the same moment, without an error', async () => {
      const raced = `${topic}.raced`;
      try {
        const created = await Promise.all([ensureTopics(kafka, [{ name: raced, partitions: 2 }]), ensureTopics(kafka, [{ name: raced, partitions: 2 }])]);
        expect(created.flat().length).toBeGreaterThanOrEqual(1);
        expect(await kafka.groupOffsets(`test-${randomUUID()}`, [raced])).toHaveLength(2);
      } finally {
        await deleteTopics(kafka, [raced]);
      }
    });

    // Six partitions, not a power of two: an unsigned murmur2 (some clients' default) lands
    // elsewhere for about half the keys then, which four partitions would hide.
    it("puts each key on Java's partition, in the order produced, with its headers, over two-digit sequences", async () => {
      const keys = Array.from({ length: 12 }, (_, index) => `account-${index}-${randomUUID()}`);
      const perKey = 15;
      const sent = keys.flatMap((key) =>
        Array.from({ length: perKey }, (_, sequence) => ({ topic, key, value: Buffer.from(String(sequence)), headers: { sequence: String(sequence), 'ledger-é': 'ünïcode ✓' } })),
      );
      // Two sends, so order has to hold across calls too.
      await producer.send(sent.slice(0, 90));
      await producer.send(sent.slice(90));

      const received: ConsumedRecord[] = [];
      const consumer = kafka.consumer({
        groupId: `test-${randomUUID()}`,
        topics: [topic],
        onBatch: (batch) => {
          received.push(...batch.records);
          return Promise.resolve('processed');
        },
      });
      await consumer.start();
      try {
        await eventually(() => received.length >= sent.length);
      } finally {
        await consumer.stop();
      }

      expect(received).toHaveLength(sent.length);
      for (const key of keys) {
        const ofKey = received.filter((record) => record.key === key);
        expect(ofKey.map((record) => Number(record.value?.toString()))).toEqual([...Array(perKey).keys()]);
        expect(ofKey.map((record) => record.headers)).toEqual([...Array(perKey).keys()].map((sequence) => ({ sequence: String(sequence), 'ledger-é': 'ünïcode ✓' })));
        expect(new Set(ofKey.map((record) => record.partition))).toEqual(new Set([javaPartitionOf(key, 6)]));
      }
      const lag = await kafka.groupOffsets(`test-${randomUUID()}`, [topic]);
      expect(lag.reduce((sum, entry) => sum + Number(entry.high), 0)).toBe(sent.length);
    });
  });
}
