import { encodeAccountEvent } from '@ledger/domain';
import { AccountFixture } from '@ledger/domain/testing';
import { type NewEvent } from '@ledger/event-store';
import { migrate, PostgresEventStore } from '@ledger/event-store/postgres';
import { connectKafka, deadLetterTopicOf, ensureTopics, eventTopics, KafkaEventPublisher, parseBrokerList } from '@ledger/messaging';
import { deleteTopics, topicsWithPrefix } from '@ledger/messaging/testing';
import { MongoClient } from 'mongodb';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { silentLogger } from '../../src';
import { accountProjections } from '../../src/accounts';
import { migrateReadModels, Projector } from '../../src/postgres';

// Usage: npx tsx --conditions=@ledger/source packages/projections/test/bench/projector-latency.ts [fetchMaxWaitMs] [events] [projections]
// Publishes one event at a time (every 20 ms, as a quiet system would) and measures, per event
// and projection, the time from the publish call to the commit of the batch that applied it.
// `projections` is a comma-separated list (account-summary unless told).
const maxWaitTimeMs = Number(process.argv[2] ?? 100);
const count = Number(process.argv[3] ?? 200);
const running = (process.argv[4] ?? 'account-summary').split(',');

const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

async function main(): Promise<void> {
  const suffix = randomUUID().replaceAll('-', '').slice(0, 10);
  const prefix = `bench-latency-${suffix}`;
  const [eventStoreSchema, readModelSchema] = [`lat_es_${suffix}`, `lat_rm_${suffix}`];
  const pool = new Pool({ connectionString: process.env['DATABASE_URL'] ?? 'postgres://ledger:ledger@127.0.0.1:55432/ledger', max: 10 });
  const mongo = new MongoClient(process.env['MONGODB_URL'] ?? 'mongodb://127.0.0.1:27018/ledger');
  const kafka = connectKafka({ brokers: parseBrokerList(process.env['KAFKA_BROKERS'] ?? '127.0.0.1:19092'), clientId: 'projector-latency' });
  const topics = eventTopics(prefix);
  const publisher = new KafkaEventPublisher({ kafka, topics, partitions: 6 });
  const deadLetters = kafka.recordProducer();
  const publishedAt = new Map<string, number>();
  const latencies = new Map<string, number[]>(running.map((name) => [name, []]));
  try {
    await Promise.all([migrate(pool, eventStoreSchema), migrateReadModels(pool, readModelSchema)]);
    const store = new PostgresEventStore({ pool, schema: eventStoreSchema });
    await publisher.ensureCategoryTopics(['account']);
    const projector = new Projector({
      definitions: accountProjections({ pool, readModelSchema, mongo: mongo.db(`lat_${suffix}`) }),
      running,
      pool,
      readModelSchema,
      streams: store,
      topicOf: (category) => topics.ofCategory(category),
      groupId: `${prefix}.projector`,
      deadLetterTopicOf: (name) => deadLetterTopicOf(`${prefix}.${name}`),
      createConsumer: (options) => kafka.consumer(options),
      publisher: deadLetters,
      logger: silentLogger,
      consumer: { maxWaitTimeMs },
      prepareTopics: async (names) => void (await ensureTopics(kafka, names.map((name) => ({ name, partitions: 6 })))),
      onCommitted: (name, outcome) => {
        const now = performance.now();
        for (const event of outcome.applied) {
          const sent = publishedAt.get(event.eventId);
          if (sent !== undefined) latencies.get(name)?.push(now - sent);
        }
      },
    });
    projector.start();
    await new Promise((resolve) => setTimeout(resolve, 4_000)); // let the group form before measuring
    for (let index = 0; index < count; index += 1) {
      const account = new AccountFixture();
      const opened = encodeAccountEvent(account.opened());
      const eventId = randomUUID();
      await store.appendToStream(account.streamId, [{ eventId, ...(opened as { type: string; schemaVersion: number; data: NewEvent['data'] }), metadata: {} }], { expectedRevision: 'no_stream' });
      const [stored] = await store.readStream(account.streamId, { direction: 'forwards', maxCount: 1 });
      if (stored === undefined) throw new Error('not stored');
      publishedAt.set(eventId, performance.now());
      await publisher.publish([stored]);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const deadline = Date.now() + 15_000;
    const settled = () => [...latencies.values()].every((applied) => applied.length >= count);
    while (!settled() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    await projector.stop();
    for (const [name, applied] of latencies) {
      const sorted = [...applied].sort((a, b) => a - b);
      console.log(
        `${name}, fetch max wait ${maxWaitTimeMs} ms: ${sorted.length}/${count} events; publish → applied p50 ${percentile(sorted, 50).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms, max ${(sorted[sorted.length - 1] ?? Number.NaN).toFixed(1)} ms`,
      );
    }
  } finally {
    await Promise.all([publisher.close(), deadLetters.close()]);
    await deleteTopics(kafka, [...(await topicsWithPrefix(kafka, prefix)), ...(await topicsWithPrefix(kafka, `ledger.dead-letters.${prefix}`))]);
    await mongo.close();
    await pool.query(`DROP SCHEMA IF EXISTS "${readModelSchema}" CASCADE; DROP SCHEMA IF EXISTS "${eventStoreSchema}" CASCADE`);
    await pool.end();
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
