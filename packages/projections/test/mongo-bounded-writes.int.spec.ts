import { MongoClient } from 'mongodb';
import { accountProjections, type PortfolioDocument } from '../src/accounts';
import { boundedBulkWrite, DEFAULT_WRITE_STATEMENTS_MAX } from '../src/mongodb';
import { pingThroughout, type PingWatch } from '../src/testing';
import { AccountFixture } from '@ledger/domain/testing';
import { ProjectionHarness } from './support/projection-harness';
import { mongoUnderTest, postgresUnderTest, type MongoUnderTest, type PostgresUnderTest } from './support/test-stack';

/**
 * FerretDB 1.x deadlocks for good on one write command of about 50 statements (see
 * DEFAULT_WRITE_STATEMENTS_MAX). These run wide writes against the real shared server while it is
 * pinged throughout: a single failed or late ping fails the test.
 */
describe('MongoDB writes are bounded per command, so the MongoDB-wire server keeps answering', () => {
  let pg: PostgresUnderTest;
  let mongo: MongoUnderTest;
  let pings: PingWatch;

  beforeAll(async () => {
    [pg, mongo] = await Promise.all([postgresUnderTest('bounded'), mongoUnderTest('bounded')]);
  });
  afterAll(() => Promise.all([pg.dispose(), mongo.dispose()]));

  beforeEach(() => {
    pings = pingThroughout(process.env['MONGODB_URL'] ?? '');
  });
  afterEach(async () => {
    const failures = await pings.stop();
    expect(failures).toEqual([]);
    expect(pings.answered).toBeGreaterThan(0);
  });

  it('a driver-level bulk write of 200 conditional updates goes through as commands of at most 8 statements', async () => {
    // A client of its own that reports every command it sends.
    const monitored = new MongoClient(process.env['MONGODB_URL'] ?? '', { monitorCommands: true });
    const collection = monitored.db(mongo.db.databaseName).collection<{ _id: string; revision: number; value?: number }>('wide_updates');
    await collection.insertMany(Array.from({ length: 200 }, (_, i) => ({ _id: `doc-${i}`, revision: 0 })));
    const statementsPerUpdate: number[] = [];
    monitored.on('commandStarted', (event) => {
      if (event.commandName === 'update') statementsPerUpdate.push((event.command['updates'] as unknown[]).length);
    });

    const result = await boundedBulkWrite(
      collection,
      Array.from({ length: 200 }, (_, i) => ({ updateOne: { filter: { _id: `doc-${i}`, revision: 0 }, update: { $set: { revision: 1, value: i } } } })),
      DEFAULT_WRITE_STATEMENTS_MAX,
    );

    await monitored.close();
    expect(result).toEqual({ matchedCount: 200, modifiedCount: 200, upsertedCount: 0 });
    expect(await mongo.db.collection('wide_updates').countDocuments({ revision: 1 })).toBe(200);
    expect(statementsPerUpdate).toHaveLength(Math.ceil(200 / DEFAULT_WRITE_STATEMENTS_MAX));
    expect(Math.max(...statementsPerUpdate)).toBe(DEFAULT_WRITE_STATEMENTS_MAX);
  });

  it('refuses a bound that is not a positive integer', async () => {
    await expect(boundedBulkWrite(mongo.db.collection('never'), [], 0)).rejects.toThrow('maxStatements must be a positive integer, not 0');
  });

  it('customer-portfolio: one apply touching 500 accounts of 500 owners, then 500 deposits in one batch', async () => {
    const definition = accountProjections({ pool: pg.pool, readModelSchema: pg.readModelSchema, mongo: mongo.db }).find((each) => each.name === 'customer-portfolio');
    if (definition === undefined) throw new Error('customer-portfolio is not an account projection');
    const harness = new ProjectionHarness({ definition, pool: pg.pool, readModelSchema: pg.readModelSchema, streams: pg.eventStore });
    const accounts = Array.from({ length: 500 }, () => new AccountFixture());

    await harness.deliver(...(await pg.append(accounts.map((account) => account.opened()))));
    await harness.deliver(...(await pg.append(accounts.map((account, i) => account.deposited(BigInt(i + 1), BigInt(i + 1))))));

    const documents = await mongo.db.collection<PortfolioDocument>('customer_portfolios').find({}).toArray();
    expect(documents).toHaveLength(500);
    const entries = new Map(documents.map((document) => [document._id, document.accounts]));
    accounts.forEach((account, i) => {
      expect(entries.get(account.ownerId)?.[account.accountId]).toMatchObject({ balanceMinor: String(i + 1), revision: 1 });
    });
    expect(harness.status.snapshot()).toMatchObject({ applied: 1_000, deadLettered: 0 });
  });
});
