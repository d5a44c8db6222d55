import { type RecordedEvent } from '@ledger/event-store';
import { eventually } from '@ledger/event-store/testing';
import {
  deadLetterTopicOf,
  ensureTopics,
  eventTopics,
  KafkaEventPublisher,
} from '@ledger/messaging';
import { connectTestKafka, deleteTopics, readTopic } from '@ledger/messaging/testing';
import { silentLogger } from '../src';
import { accountProjections, type PortfolioDocument } from '../src/accounts';
import { Projector } from '../src/postgres';
import { AccountFixture } from '@ledger/domain/testing';
import { quickRetries } from './support/projection-harness';
import { mongoUnderTest, postgresUnderTest, uniqueSuffix, type MongoUnderTest, type PostgresUnderTest } from './support/test-stack';

const kafka = connectTestKafka('projector-test');

/** The three account projections consuming real Kafka into real PostgreSQL and FerretDB. */
describe('Projector over Kafka', () => {
  const prefix = `test-projector-${uniqueSuffix()}`;
  const topics = eventTopics(prefix);
  const groupIdOf = (name: string) => `${prefix}.projection.${name}`;
  const names = ['account-summary', 'account-transactions', 'customer-portfolio'];
  const publisher = new KafkaEventPublisher({ kafka, topics, partitions: 3 });
  const deadLetterProducer = kafka.recordProducer();
  let pg: PostgresUnderTest;
  let mongo: MongoUnderTest;
  let projector: Projector;

  const startProjector = () => {
    const started = new Projector({
      definitions: accountProjections({ pool: pg.pool, readModelSchema: pg.readModelSchema, mongo: mongo.db }),
      running: names,
      pool: pg.pool,
      readModelSchema: pg.readModelSchema,
      streams: pg.eventStore,
      topicOf: (category) => topics.ofCategory(category),
      groupId: `${prefix}.projector`,
      deadLetterTopicOf: (name) => deadLetterTopicOf(groupIdOf(name)),
      createConsumer: (options) => kafka.consumer(options),
      publisher: deadLetterProducer,
      logger: silentLogger,
      retry: quickRetries,
      prepareTopics: async (needed) => void (await ensureTopics(kafka, needed.map((name) => ({ name, partitions: 3 })))),
    });
    started.start();
    return started;
  };
  const publish = async (events: RecordedEvent[]) => publisher.publish(events);
  const summaryRevision = async (account: AccountFixture) =>
    (await pg.pool.query<{ revision: string }>(`SELECT revision FROM "${pg.readModelSchema}".account_summary WHERE account_id = $1`, [account.accountId])).rows[0]?.revision;
  const transactionCount = async (account: AccountFixture) =>
    Number((await pg.pool.query<{ n: string }>(`SELECT count(*) AS n FROM "${pg.readModelSchema}".account_transactions WHERE account_id = $1`, [account.accountId])).rows[0]?.n);
  const portfolioRevision = async (account: AccountFixture) =>
    (await mongo.db.collection<PortfolioDocument>('customer_portfolios').findOne({ _id: account.ownerId }))?.accounts[account.accountId]?.revision;
  const caughtUp = (account: AccountFixture, revision: number, transactions: number) => async () =>
    (await summaryRevision(account)) === String(revision) && (await portfolioRevision(account)) === revision && (await transactionCount(account)) === transactions;
  const appliedOf = async (name: string) => (await projector.reports()).find((report) => report.name === name);

  beforeAll(async () => {
    [pg, mongo] = await Promise.all([postgresUnderTest('projector'), mongoUnderTest('projector')]);
    await publisher.ensureCategoryTopics(['account']);
    projector = startProjector();
  });
  afterAll(async () => {
    await projector.stop();
    await Promise.all([publisher.close(), deadLetterProducer.close()]);
    await deleteTopics(kafka, [topics.ofCategory('account'), ...names.map((name) => deadLetterTopicOf(groupIdOf(name)))]);
    await Promise.all([pg.dispose(), mongo.dispose()]);
  });

  it('applies what the relay publishes to all three read models, and reports no lag once caught up', async () => {
    const accounts = Array.from({ length: 5 }, () => new AccountFixture());
    for (const account of accounts) await publish(await pg.append([account.opened(), account.deposited(100n, 100n), account.withdrawn(40n, 60n)]));

    for (const account of accounts) await eventually(caughtUp(account, 2, 2));

    await eventually(async () => (await projector.reports()).every((report) => report.lag.events === 0));
    const reports = await projector.reports();
    expect(reports.map(({ name, version, state, lag, applied, deadLetters }) => ({ name, version, state, lag, applied, deadLetters }))).toEqual(
      names.map((name) => ({ name, version: name === 'account-transactions' ? 2 : 1, state: 'running', lag: { events: 0, seconds: 0 }, applied: 15, deadLetters: 0 })),
    );
  });

  it('dead-letters a poison event (and sends it to the dead-letter topic) while other accounts move on and its own later events wait', async () => {
    const [poisoned, healthy] = [new AccountFixture(), new AccountFixture()];
    await publish(await pg.append([poisoned.opened(), healthy.opened()]));
    const bad = await pg.appendRaw(poisoned.streamId, 'ledger.account.money-deposited', { accountId: poisoned.accountId, amountMinor: '-5' });
    await publish([bad]);
    await publish(await pg.append([poisoned.frozen(), healthy.deposited(5n, 5n)]));

    await eventually(caughtUp(healthy, 1, 1));
    await eventually(async () => (await projector.deadLetters.list()).filter((letter) => letter.streamId === poisoned.streamId).length === 6);
    const letters = await projector.deadLetters.list();
    for (const name of names) {
      expect(letters.filter((letter) => letter.projection === name && letter.streamId === poisoned.streamId).map((letter) => [letter.status, letter.revision])).toEqual([
        ['open', 1n],
        ['waiting', 2n],
      ]);
      expect(await appliedOf(name)).toMatchObject({ deadLetters: 1, waiting: 1 });
    }
    expect(await summaryRevision(poisoned)).toBe('0');

    const onTopic = await readTopic(kafka, deadLetterTopicOf(groupIdOf('account-summary')), { until: (read) => read.length >= 1 });
    expect(onTopic[0]).toMatchObject({ key: poisoned.streamId, event: { eventId: bad.eventId } });
    expect(onTopic[0]?.headers['ledger-dead-letter-error']).toContain('EventDecodeError');

    // Skipping it releases the waiting event in every read model.
    for (const letter of letters.filter((entry) => entry.status === 'open' && entry.streamId === poisoned.streamId)) await projector.operations.skip(letter.id);
    await eventually(caughtUp(poisoned, 2, 0));
  });

  it('a restarted projector resumes after its committed offsets: nothing is applied twice', async () => {
    await projector.stop();
    const account = new AccountFixture();
    await publish(await pg.append([account.opened(), account.deposited(1n, 1n)]));

    projector = startProjector();
    await eventually(caughtUp(account, 1, 1));

    await eventually(async () => (await projector.reports()).every((report) => report.lag.events === 0));
    for (const report of await projector.reports()) expect(report).toMatchObject({ applied: 2, duplicates: 0 });
  });

  it('fetches the topic once for all projections (one group), each storing its progress per partition beside its rows', async () => {
    const groups = (await kafka.listGroups()).filter((group) => group.startsWith(prefix));
    expect(groups).toEqual([`${prefix}.projector`]);

    const ends = await kafka.groupOffsets(`${prefix}.projector`, [topics.ofCategory('account')]);
    const { rows } = await pg.pool.query<{ projection: string; partition: number; next_offset: string }>(
      `SELECT projection, partition, next_offset FROM "${pg.readModelSchema}".projection_offsets ORDER BY projection, partition`,
    );
    for (const name of names) {
      expect(rows.filter((row) => row.projection === name).map((row) => [row.partition, row.next_offset])).toEqual(
        ends.filter((end) => end.high > 0n).map((end) => [end.partition, end.high.toString()]),
      );
    }
  });

  it('a projection whose progress is behind the others gets what it missed from Kafka, while the others skip it', async () => {
    await projector.stop();
    // account-transactions forgets one account: its rows, its guard and its progress, as if its
    // store had been restored from an older backup.
    const account = new AccountFixture();
    await publish(await pg.append([account.opened(), account.deposited(3n, 3n)]));
    projector = startProjector();
    await eventually(caughtUp(account, 1, 1));
    await projector.stop();
    const schema = `"${pg.readModelSchema}"`;
    await pg.pool.query(`DELETE FROM ${schema}.account_transactions WHERE account_id = $1`, [account.accountId]);
    await pg.pool.query(`DELETE FROM ${schema}.projection_stream_revisions WHERE projection = 'account-transactions' AND stream_id = $1`, [account.streamId]);
    await pg.pool.query(`UPDATE ${schema}.projection_offsets SET next_offset = 0 WHERE projection = 'account-transactions'`);

    projector = startProjector();
    await eventually(() => transactionCount(account), (count) => count === 1);

    await eventually(async () => (await projector.reports()).every((report) => report.lag.events === 0));
    const reports = await projector.reports();
    // Everything before was read again for it alone: the other two skipped it by offset, without a write.
    expect(reports.find((report) => report.name === 'account-summary')).toMatchObject({ applied: 0, duplicates: 0 });
    expect(reports.find((report) => report.name === 'customer-portfolio')).toMatchObject({ applied: 0, duplicates: 0 });
    expect(reports.find((report) => report.name === 'account-transactions')).toMatchObject({ applied: 2 });
  });
  it('a projection added to the set (no progress stored) reads every partition from its oldest record, while the others skip', async () => {
    await projector.stop();
    const account = new AccountFixture();
    await publish(await pg.append([account.opened(), account.deposited(5n, 5n)]));
    projector = startProjector();
    await eventually(caughtUp(account, 1, 1));
    await projector.stop();
    // account-transactions as a projection never run before: no rows, no guard, no progress.
    const schema = `"${pg.readModelSchema}"`;
    await pg.pool.query(`DELETE FROM ${schema}.account_transactions`);
    await pg.pool.query(`DELETE FROM ${schema}.projection_stream_revisions WHERE projection = 'account-transactions'`);
    await pg.pool.query(`DELETE FROM ${schema}.projection_offsets WHERE projection = 'account-transactions'`);

    projector = startProjector();
    await eventually(() => transactionCount(account), (count) => count === 1);
    await eventually(async () => (await projector.reports()).every((report) => report.lag.events === 0));
    const reports = await projector.reports();
    expect(reports.find((report) => report.name === 'account-summary')).toMatchObject({ applied: 0, duplicates: 0 });
    expect(reports.find((report) => report.name === 'account-transactions')?.applied).toBeGreaterThanOrEqual(2);
  });
});
