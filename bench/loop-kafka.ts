// Kafka as the loop uses it, through @ledger/messaging (KAFKA_CLIENT's library, the relay's publisher, the
// projector's consumer with its defaults): the raw baselines of the loop, and a tap that notes
// when each event of the loop reaches a consumer.
import { accountStreamId } from '@ledger/domain';
import { type RecordedEvent } from '@ledger/event-store';
import { eventTopics, KafkaEventPublisher, type ConsumedRecord, type EventConsumer } from '@ledger/messaging';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Kafka } from './loop-system';
import { openLoop } from './open-loop';
import type { RawSummaryTable } from './raw-summary';

/**
 * A consumer of `topics` in a fresh group (or one whose offsets the caller set), started and
 * joined (partitions assigned). Each batch's offsets are committed once `onRecords` settles.
 */
export async function joinedConsumer(
  kafka: Kafka,
  groupId: string,
  topics: readonly string[],
  fromBeginning: boolean,
  onRecords: (records: readonly ConsumedRecord[], at: number) => void | Promise<void>,
): Promise<{ consumer: EventConsumer; joinedAt: number }> {
  let joined: (at: number) => void = () => undefined;
  const hasJoined = new Promise<number>((resolve) => (joined = resolve));
  const consumer = kafka.consumer({
    groupId,
    topics,
    fromBeginning,
    onBatch: async (batch) => {
      await onRecords(batch.records, performance.now());
      return 'processed';
    },
    onNotice: (notice) => {
      if (notice.kind === 'joined') joined(performance.now());
    },
  });
  await consumer.start();
  const joinedAt = await Promise.race([hasJoined, sleep(60_000).then(() => Promise.reject(new Error(`consumer group ${groupId} did not join within 60 s`)))]);
  return { consumer, joinedAt };
}

/** The loop's events as a bare consumer sees them: `seenAt('<streamId>@<revision>')`. */
export interface KafkaTap {
  seenAt(streamId: string, revision: number): number | undefined;
  stop(): Promise<void>;
}

export async function kafkaTap(kafka: Kafka, prefix: string, topic: string): Promise<KafkaTap> {
  const seen = new Map<string, number>();
  const { consumer } = await joinedConsumer(kafka, `${prefix}.bench-tap`, [topic], false, (records, at) => {
    for (const record of records) if (record.decoded.ok) seen.set(`${record.decoded.event.streamId}@${record.decoded.event.streamRevision}`, at);
  });
  return { seenAt: (streamId, revision) => seen.get(`${streamId}@${revision}`), stop: () => consumer.stop() };
}

export interface RoundTrip {
  readonly latencies: number[];
  readonly seconds: number;
  readonly errors: number;
  /** How long each publish took (acks=all, queued behind the one request in flight), in ms. */
  readonly publishMs: number[];
}

/**
 * Baseline of the lag: publish one deposit (the relay's publisher: idempotent, acks=all, one
 * request in flight) to a fresh topic of 6 partitions, open-loop at `rate`; a consumer with the
 * projector's settings writes each batch it gets as the summary projection would (one upsert of
 * a row per account, one transaction per batch, into a bare table: raw-summary.ts), and the
 * trip ends when that write has committed. The loop's lag is this trip plus what the ledger
 * adds: the relay's wake-up and read, the projection's guard and lock, the query.
 */
export async function kafkaRoundTrip(kafka: Kafka, prefix: string, rate: number, warmupMs: number, durationMs: number, summary: RawSummaryTable): Promise<RoundTrip> {
  // Account streams, so the projection's own fold reads them, on a topic apart from the loop's.
  const topics = eventTopics(`${prefix}.roundtrip`);
  const publisher = new KafkaEventPublisher({ kafka, topics, partitions: 6 });
  await publisher.ensureCategoryTopics(['account']);
  const accounts = Array.from({ length: 200 }, () => ({ accountId: randomUUID(), ownerId: randomUUID() }));
  await summary.prepare(accounts);
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const publishMs: number[] = [];
  let measuring = false;
  const { consumer } = await joinedConsumer(kafka, `${prefix}.bench-roundtrip`, [topics.ofCategory('account')], true, async (records) => {
    const events = records.flatMap((record) => (record.decoded.ok ? [record.decoded.event] : []));
    await summary.upsert(summary.rowsOf(events));
    const committedAt = performance.now();
    for (const event of events) {
      const sent = sentAt.get(event.eventId);
      sentAt.delete(event.eventId);
      if (sent !== undefined && measuring) latencies.push(committedAt - sent);
    }
  });
  let errors = 0;
  const publish = async (index: number): Promise<void> => {
    const account = accounts[index % accounts.length] ?? { accountId: '', ownerId: '' };
    const correlationId = randomUUID();
    const event: RecordedEvent = {
      eventId: randomUUID(),
      type: 'ledger.account.money-deposited',
      schemaVersion: 1,
      data: { accountId: account.accountId, amountMinor: '100', currency: 'EUR', balanceAfterMinor: String(100 * index) },
      metadata: { correlationId, causationId: correlationId, actor: 'bench', occurredAt: new Date().toISOString() },
      streamId: accountStreamId(account.accountId),
      streamRevision: BigInt(index),
      position: BigInt(index + 1),
      recordedAt: new Date(),
    };
    const started = performance.now();
    sentAt.set(event.eventId, started);
    try {
      await publisher.publish([event]);
      if (measuring) publishMs.push(performance.now() - started);
    } catch {
      errors += 1;
    }
  };
  try {
    if (warmupMs > 0) await openLoop(rate, warmupMs, publish);
    await sleep(500);
    measuring = true;
    const run = await openLoop(rate, durationMs, publish, Math.floor((rate * warmupMs) / 1000));
    for (const deadline = performance.now() + 5_000; latencies.length + errors < run.started && performance.now() < deadline; ) await sleep(10);
    return { latencies, seconds: run.seconds, errors: errors + Math.max(0, run.started - latencies.length - errors), publishMs };
  } finally {
    await consumer.stop();
    await publisher.close();
  }
}

/**
 * Baseline of the projector's throughput: a bare consumer (fresh group, projector settings,
 * records decoded and offsets committed as the projector does, nothing written) reads `topic`
 * from its beginning. Timed from the group's join to the last record, as the projections are.
 */
export async function kafkaDrain(kafka: Kafka, prefix: string, topic: string): Promise<{ events: number; seconds: number }> {
  const end = await kafka.groupOffsets(`${prefix}.bench-drain`, [topic]);
  const total = end.reduce((sum, partition) => sum + Number(partition.high - partition.low), 0);
  let read = 0;
  let last = Number.NaN;
  const { consumer, joinedAt } = await joinedConsumer(kafka, `${prefix}.bench-drain`, [topic], true, (records, at) => {
    read += records.length;
    last = at;
  });
  try {
    for (const deadline = performance.now() + 120_000; read < total && performance.now() < deadline; ) await sleep(5);
    if (read < total) throw new Error(`bare consumer read ${read} of ${total} records of ${topic} in 120 s`);
    return { events: total, seconds: (last - joinedAt) / 1000 };
  } finally {
    await consumer.stop();
  }
}
