import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';

describe('the local MongoDB-wire server (FerretDB)', () => {
  const databaseName = `stack_test_${randomUUID().replaceAll('-', '')}`;
  let client: MongoClient;

  beforeAll(async () => {
    const url = process.env.MONGODB_URL;
    if (url === undefined) throw new Error('MONGODB_URL is not set: the jest global setup starts the stack and sets it');
    client = new MongoClient(url, { serverSelectionTimeoutMS: 5_000 });
    await client.connect();
  });

  afterAll(async () => {
    await client.db(databaseName).dropDatabase();
    await client.close();
  });

  it('inserts, finds and conditionally updates a document with the unchanged mongodb driver', async () => {
    const portfolios = client.db(databaseName).collection<{ _id: string; balance: string; revision: number }>('portfolios');
    await portfolios.insertOne({ _id: 'owner-1', balance: '10.00', revision: 1 });

    expect(await portfolios.findOne({ _id: 'owner-1' })).toEqual({ _id: 'owner-1', balance: '10.00', revision: 1 });

    // The revision guard in the filter is how read models stay idempotent without transactions.
    const applied = await portfolios.updateOne({ _id: 'owner-1', revision: { $lt: 2 } }, { $set: { balance: '25.00', revision: 2 } });
    const replayed = await portfolios.updateOne({ _id: 'owner-1', revision: { $lt: 2 } }, { $set: { balance: '99.00', revision: 2 } });

    expect(applied.modifiedCount).toBe(1);
    expect(replayed.modifiedCount).toBe(0);
    expect(await portfolios.findOne({ _id: 'owner-1' })).toEqual({ _id: 'owner-1', balance: '25.00', revision: 2 });
  });
});
