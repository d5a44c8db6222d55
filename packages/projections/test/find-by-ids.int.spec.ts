import { MongoClient, type Collection, type Db, type Document } from 'mongodb';
import { EQUALITY_LOOKUPS_MAX, findByIds, isFerretDb } from '../src/mongodb';
import { mongoUnderTest, type MongoUnderTest } from './support/test-stack';

interface Doc {
  readonly _id: string;
  readonly n: number;
  readonly extra: string;
}

/**
 * Lookups by id against the real MongoDB-wire server of the stack. FerretDB 1.x reads the whole
 * collection for `$in`, so a few ids go one equality each; many go as one `$in`.
 */
describe('findByIds', () => {
  let mongo: MongoUnderTest;
  let monitored: MongoClient;
  let collection: Collection<Doc>;
  let finds: Document[];

  beforeAll(async () => {
    mongo = await mongoUnderTest('find_ids');
    // Multi-digit keys: doc-1, doc-10 and doc-100 must not be confused.
    await mongo.db.collection<Doc>('docs').insertMany(Array.from({ length: 150 }, (_, i) => ({ _id: `doc-${i}`, n: i, extra: 'x'.repeat(20) })));
    monitored = new MongoClient(process.env['MONGODB_URL'] ?? '', { monitorCommands: true });
    monitored.on('commandStarted', (event) => {
      if (event.commandName === 'find') finds.push(event.command['filter'] as Document);
    });
    collection = monitored.db(mongo.db.databaseName).collection<Doc>('docs');
  });
  afterAll(async () => {
    await monitored.close();
    await mongo.dispose();
  });
  beforeEach(() => {
    finds = [];
  });

  const sortedIds = (docs: readonly { _id: string }[]) => docs.map((doc) => doc._id).sort();

  it('knows the stack serves MongoDB through FerretDB', async () => {
    await expect(isFerretDb(collection.db)).resolves.toBe(true);
  });

  it('given a few ids, some repeated, one missing: finds each present one by an _id equality, never with $in', async () => {
    const found = await findByIds(collection, ['doc-1', 'doc-10', 'doc-100', 'doc-10', 'doc-999']);

    expect(sortedIds(found)).toEqual(['doc-1', 'doc-10', 'doc-100']);
    expect(found.find((doc) => doc._id === 'doc-100')?.n).toBe(100);
    // Four in flight at once: they start in any order.
    expect(finds.map((filter) => filter['_id'] as unknown).sort()).toEqual(['doc-1', 'doc-10', 'doc-100', 'doc-999']);
  });

  it(`given more than ${EQUALITY_LOOKUPS_MAX} ids: one $in, every document found`, async () => {
    const ids = Array.from({ length: EQUALITY_LOOKUPS_MAX + 1 }, (_, i) => `doc-${i * 4}`);

    const found = await findByIds(collection, ids);

    expect(sortedIds(found)).toEqual([...ids].sort());
    expect(finds).toEqual([{ _id: { $in: ids } }]);
  });

  it('applies the projection either way, and asks nothing for no ids', async () => {
    const few = await findByIds(collection, ['doc-7'], { n: 1 });
    const many = await findByIds(collection, Array.from({ length: EQUALITY_LOOKUPS_MAX + 5 }, (_, i) => `doc-${i}`), { n: 1 });
    finds = [];
    const none = await findByIds(collection, []);

    expect(few).toEqual([{ _id: 'doc-7', n: 7 }]);
    expect(many.every((doc) => Object.keys(doc).sort().join() === '_id,n')).toBe(true);
    expect(none).toEqual([]);
    expect(finds).toEqual([]);
  });
});

describe('isFerretDb', () => {
  it('says false when the server cannot tell, and asks again next time rather than keep the guess', async () => {
    let asked = 0;
    const silent = { admin: () => ({ command: () => (asked++, Promise.reject(new Error('not authorized on admin'))) }) } as unknown as Db;

    await expect(isFerretDb(silent)).resolves.toBe(false);
    await expect(isFerretDb(silent)).resolves.toBe(false);

    expect(asked).toBe(2);
  });

  it('asks a server that answers once', async () => {
    let asked = 0;
    const mongo = { admin: () => ({ command: () => (asked++, Promise.resolve({ version: '8.0.4' })) }) } as unknown as Db;

    await expect(isFerretDb(mongo)).resolves.toBe(false);
    await expect(isFerretDb(mongo)).resolves.toBe(false);

    expect(asked).toBe(1);
  });
});
