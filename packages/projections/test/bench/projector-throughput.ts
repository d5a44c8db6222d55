import { accountStreamId, encodeAccountEvent, type AccountEvent } from '@ledger/domain';
import { AccountFixture } from '@ledger/domain/testing';
import { type NewEvent, type RecordedEvent } from '@ledger/event-store';
import { migrate, PostgresEventStore } from '@ledger/event-store/postgres';
import { connectKafka, deadLetterTopicOf, ensureTopics, eventTopics, KafkaEventPublisher, parseBrokerList } from '@ledger/messaging';
import { deleteTopics, topicsWithPrefix } from '@ledger/messaging/testing';
import { MongoClient } from 'mongodb';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { silentLogger } from '../../src';
import { accountProjectionNames, accountProjections } from '../../src/accounts';
import { migrateReadModels, Projector } from '../../src/postgres';

// Usage: npx tsx --conditions=@ledger/source packages/projections/test/bench/projector-throughput.ts [events] [accounts]
// A backlog of `events` account events (opened, then deposits and withdrawals) already on Kafka
// (6 partitions), applied by each projection alone from a fresh consumer group, then by all three
// at once. Uses the local stack (npm run stack -- up); everything it creates is removed after.
const total = Number(process.argv[2] ?? 20_000);
const accounts = Number(process.argv[3] ?? 200);
const env = {
  databaseUrl: process.env['DATABASE_URL'] ?? 'postgres://ledger:ledger@127.0.0.1:55432/ledger',
  mongodbUrl: process.env['MONGODB_URL'] ?? 'mongodb://127.0.0.1:27018/ledger',
  kafkaBrokers: process.env['KAFKA_BROKERS'] ?? '127.0.0.1:19092',
};

function historyOf(perAccount: number): AccountEvent[] {
  const account = new AccountFixture();
  const events: AccountEvent[] = [account.opened()];
  let balance = 0n;
  for (let index = 1; index < perAccount; index += 1) {
    const deposit = index % 3 !== 0 || balance < 100n;
    balance += deposit ? 250n : -100n;
    events.push(deposit ? account.deposited(250n, balance, `bench ${index}`) : account.withdrawn(100n, balance, `bench ${index}`));
  }
  return events;
}

async function main(): Promise<void> {
  const suffix = randomUUID().replaceAll('-', '').slice(0, 10);
  const prefix = `bench-projector-${suffix}`;
  const [eventStoreSchema, readModelSchema] = [`bench_es_${suffix}`, `bench_rm_${suffix}`];
  const pool = new Pool({ connectionString: env.databaseUrl, max: 20 });
  const mongoUrl = new URL(env.mongodbUrl);
  mongoUrl.pathname = `/bench_${suffix}`;
  const mongo = new MongoClient(mongoUrl.href);
  const kafka = connectKafka({ brokers: parseBrokerList(env.kafkaBrokers), clientId: 'projector-bench' });
  const topics = eventTopics(prefix);
  const publisher = new KafkaEventPublisher({ kafka, topics, partitions: 6 });
  const deadLetters = kafka.recordProducer();
  try {
    await Promise.all([migrate(pool, eventStoreSchema), migrateReadModels(pool, readModelSchema), mongo.connect()]);
    const store = new PostgresEventStore({ pool, schema: eventStoreSchema });
    const perAccount = Math.ceil(total / accounts);
    let stored = 0;
    for (let account = 0; account < accounts && stored < total; account += 1) {
      const history = historyOf(Math.min(perAccount, total - stored));
      const events = history.map((event): NewEvent => ({
        eventId: randomUUID(),
        ...(encodeAccountEvent(event) as { type: string; schemaVersion: number; data: NewEvent['data'] }),
        metadata: { correlationId: randomUUID(), occurredAt: new Date().toISOString() },
      }));
      await store.appendToStream(accountStreamId(history[0]?.accountId ?? ''), events, { expectedRevision: 'no_stream' });
      stored += events.length;
    }
    const backlog: RecordedEvent[] = [];
    for (let from: bigint | undefined; ; ) {
      const page = await store.readAll({ maxCount: 5_000, ...(from === undefined ? {} : { fromPosition: from }) });
      if (page.length === 0) break;
      backlog.push(...page);
      from = page[page.length - 1]?.position;
    }
    await publisher.ensureCategoryTopics(['account']);
    for (let index = 0; index < backlog.length; index += 2_000) await publisher.publish(backlog.slice(index, index + 2_000));
    console.log(`backlog: ${backlog.length} events of ${accounts} accounts on ${topics.ofCategory('account')} (6 partitions)`);

    const run = async (label: string, running: readonly string[], round: number) => {
      let first: number | undefined;
      let last = 0;
      const applied = new Map<string, number>();
      const projector = new Projector({
        definitions: accountProjections({ pool, readModelSchema, mongo: mongo.db() }),
        running,
        pool,
        readModelSchema,
        streams: store,
        topicOf: (category) => topics.ofCategory(category),
        groupId: `${prefix}.round${round}`,
        deadLetterTopicOf: (name) => deadLetterTopicOf(`${prefix}.round${round}.${name}`),
        createConsumer: (options) => kafka.consumer(options),
        publisher: deadLetters,
        logger: silentLogger,
        prepareTopics: async (names) => void (await ensureTopics(kafka, names.map((name) => ({ name, partitions: 6 })))),
        onCommitted: (name, outcome, durationMs) => {
          first ??= performance.now() - durationMs;
          last = performance.now();
          applied.set(name, (applied.get(name) ?? 0) + outcome.applied.length);
        },
      });
      const started = performance.now();
      projector.start();
      while (running.some((name) => (applied.get(name) ?? 0) < backlog.length)) await new Promise((resolve) => setTimeout(resolve, 20));
      await projector.stop();
      const seconds = (last - (first ?? started)) / 1_000;
      const rate = Math.round((backlog.length * running.length) / seconds);
      console.log(`${label.padEnd(22)} ${String(rate).padStart(7)} events/s applied (${(seconds * 1_000).toFixed(0)} ms first batch to last; ${((performance.now() - started) / 1_000).toFixed(1)} s with group join)`);
    };
    let round = 0;
    for (const name of accountProjectionNames) {
      // Each projection writes fresh tables: the guard rows of a previous round would make everything a duplicate.
      await pool.query(`TRUNCATE "${readModelSchema}".account_summary, "${readModelSchema}".account_transactions, "${readModelSchema}".projection_stream_revisions`);
      await mongo.db().dropDatabase();
      await run(name, [name], (round += 1));
    }
    await pool.query(`TRUNCATE "${readModelSchema}".account_summary, "${readModelSchema}".account_transactions, "${readModelSchema}".projection_stream_revisions`);
    await mongo.db().dropDatabase();
    await run('all three at once', accountProjectionNames, (round += 1));
  } finally {
    await Promise.all([publisher.close(), deadLetters.close()]);
    await deleteTopics(kafka, [...(await topicsWithPrefix(kafka, prefix)), ...(await topicsWithPrefix(kafka, `ledger.dead-letters.${prefix}`))]);
    await mongo.db().dropDatabase().catch(() => undefined);
    await mongo.close();
    await pool.query(`DROP SCHEMA IF EXISTS "${readModelSchema}" CASCADE; DROP SCHEMA IF EXISTS "${eventStoreSchema}" CASCADE`);
    await pool.end();
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
