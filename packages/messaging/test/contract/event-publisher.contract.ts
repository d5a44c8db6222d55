import { accountStreamId } from '@ledger/domain';
import { type RecordedEvent } from '@ledger/event-store';
import { randomUUID } from 'node:crypto';
import { connectKafka, eventTopics, KafkaEventPublisher } from '../../src';
import { deleteTopics, readTopic, topicsWithPrefix, type ConsumedEvent } from '../../src/testing';
import { connectTo, type ContractTarget } from './connect-to';
import { javaPartitionOf } from './java-murmur2';

/** The publisher's promises: category topics, key = stream id, envelope and headers, order per stream, rejection when nothing is acknowledged. */
export function eventPublisherContract(target: ContractTarget): void {
  const { client } = target;
  const kafka = connectTo(target, 'publisher-test');
  const prefix = `test-publisher-${client}-${randomUUID()}`;
  const topics = eventTopics(prefix);

  let position = 0n;
  /** Stored events as the relay would read them: revisions per stream, one store-wide position. */
  function recorded(streamId: string, revisions: number): RecordedEvent[] {
    return Array.from({ length: revisions }, (_, revision) => ({
      eventId: randomUUID(),
      type: 'ledger.account.money-deposited',
      schemaVersion: 1,
      streamId,
      streamRevision: BigInt(revision),
      position: ++position,
      recordedAt: new Date('2026-11-23T10:00:00.000Z'),
      data: { amountMinor: String(revision) },
      metadata: { correlationId: `corr-${revision}`, causationId: `cause-${revision}`, traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' },
    }));
  }

  /** Round-robin over streams, as commits of concurrent accounts interleave in $all. */
  function interleave(...streams: RecordedEvent[][]): RecordedEvent[] {
    const longest = Math.max(...streams.map((events) => events.length));
    return Array.from({ length: longest }, (_, index) => streams.flatMap((events) => events.slice(index, index + 1))).flat();
  }

  const everyEventOf = (events: readonly RecordedEvent[]) => (consumed: readonly ConsumedEvent[]) =>
    events.every((event) => consumed.some((record) => record.event.eventId === event.eventId));

  describe('the event publisher', () => {
    const publisher = new KafkaEventPublisher({ kafka, topics, partitions: 3 });

    afterAll(async () => {
      await publisher.close();
      await deleteTopics(kafka, await topicsWithPrefix(kafka, prefix));
    });

    it('writes each event to its category topic, keyed by stream id, with the envelope and its headers', async () => {
      const accounts = recorded(accountStreamId(randomUUID()), 2);
      const loans = recorded(`loan-${randomUUID()}`, 1);

      await publisher.publish([...accounts, ...loans]);

      const onAccounts = await readTopic(kafka, topics.ofCategory('account'), { until: everyEventOf(accounts) });
      const onLoans = await readTopic(kafka, topics.ofCategory('loan'), { until: everyEventOf(loans) });
      expect(onAccounts.map((record) => record.event)).toEqual(accounts);
      expect(onLoans.map((record) => record.event)).toEqual(loans);
      const [first] = onAccounts;
      expect(first?.key).toBe(accounts[0]?.streamId);
      expect(first?.headers).toEqual({
        'ledger-type': 'ledger.account.money-deposited',
        'ledger-event-id': accounts[0]?.eventId,
        'ledger-schema-version': '1',
        'ledger-stream-revision': '0',
        'ledger-position': String(accounts[0]?.position),
        'ledger-correlation-id': 'corr-0',
        'ledger-causation-id': 'cause-0',
        traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      });
    });

    it('keeps every stream on one partition, in revision order, across calls, spread over the partitions', async () => {
      // Four streams for each of the three partitions (by Java's partitioner, which the topic contract pins):
      // twelve random ids would leave one partition empty about once in 40 runs.
      const streams = streamIdsOnEveryPartition(3, 4).map((streamId) => recorded(streamId, 30));
      const events = interleave(...streams);

      for (let from = 0; from < events.length; from += 70) await publisher.publish(events.slice(from, from + 70));

      const consumed = await readTopic(kafka, topics.ofCategory('account'), { until: everyEventOf(events) });
      for (const stream of streams) {
        const streamId = stream[0]?.streamId;
        const ofStream = consumed.filter((record) => record.key === streamId).sort((a, b) => Number(a.offset - b.offset));
        expect(new Set(ofStream.map((record) => record.partition)).size).toBe(1);
        expect(ofStream.map((record) => record.event.streamRevision)).toEqual(stream.map((event) => event.streamRevision));
      }
      expect(new Set(consumed.map((record) => record.partition)).size).toBe(3);
    });

    it('rejects when no broker acknowledges, so the caller keeps its checkpoint', async () => {
      const unreachable = connectKafka({ brokers: ['127.0.0.1:1'], clientId: 'publisher-test', connectionTimeoutMs: 200, client });
      const stranded = new KafkaEventPublisher({ kafka: unreachable, topics, partitions: 3 });
      try {
        await expect(stranded.publish(recorded(accountStreamId(randomUUID()), 1))).rejects.toThrow();
      } finally {
        await stranded.close();
      }
    });
  });
}

/** `perPartition` account stream ids for each of `partitions` partitions, in turn. */
function streamIdsOnEveryPartition(partitions: number, perPartition: number): string[] {
  const byPartition = Array.from({ length: partitions }, (): string[] => []);
  while (byPartition.some((ids) => ids.length < perPartition)) {
    const streamId = accountStreamId(randomUUID());
    const ids = byPartition[javaPartitionOf(streamId, partitions)];
    if (ids !== undefined && ids.length < perPartition) ids.push(streamId);
  }
  return Array.from({ length: partitions * perPartition }, (_, index) => byPartition[index % partitions]?.[Math.floor(index / partitions)] ?? '');
}
