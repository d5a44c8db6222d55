import { quoteIdentifier } from '@ledger/event-store/postgres';
import { Pool } from 'pg';
import { inTransaction, PostgresProgressSource, PostgresReadProgress } from '../src/postgres';
import { postgresUnderTest, type PostgresUnderTest } from './support/test-stack';

/** Read progress is written with the commit, in its round trip: what it stores, and that it stores nothing of a failed unit. */
describe('PostgresReadProgress', () => {
  let pg: PostgresUnderTest;
  let source: PostgresProgressSource;
  let schema: string;

  beforeAll(async () => {
    pg = await postgresUnderTest('progress');
    schema = quoteIdentifier(pg.readModelSchema);
    source = new PostgresProgressSource(pg.pool, schema);
  });
  afterAll(() => pg.dispose());

  const commitWith = (progress: PostgresReadProgress, work: () => Promise<void> = () => Promise.resolve()) =>
    inTransaction(pg.pool, () => work(), { beforeCommit: () => progress.statement() });

  it('given advances of two partitions, stores the furthest offset of each when the unit commits', async () => {
    const progress = new PostgresReadProgress(schema, 'summary');
    await progress.advance('ledger.account', 10, 7n);
    await progress.advance('ledger.account', 10, 12n);
    await progress.advance('ledger.account', 10, 9n);
    await progress.advance('ledger.account', 2, 9_007_199_254_740_993n);

    await commitWith(progress);

    expect(await source.ofPartition('ledger.account', 10, ['summary'])).toEqual(new Map([['summary', 12n]]));
    expect(await source.ofPartition('ledger.account', 2, ['summary'])).toEqual(new Map([['summary', 9_007_199_254_740_993n]]));
  });

  it('never sets an offset back: a stale member committing late leaves the furthest one', async () => {
    const ahead = new PostgresReadProgress(schema, 'late');
    await ahead.advance('ledger.account', 0, 50n);
    await commitWith(ahead);

    const stale = new PostgresReadProgress(schema, 'late');
    await stale.advance('ledger.account', 0, 20n);
    await commitWith(stale);

    expect(await source.ofPartition('ledger.account', 0, ['late'])).toEqual(new Map([['late', 50n]]));
  });

  it("stores a projection whose name holds quotes and backslashes exactly as it is", async () => {
    const name = String.raw`o'brien\'s "summary"; --`;
    const progress = new PostgresReadProgress(schema, name);
    await progress.advance('ledger.account', 1, 3n);

    await commitWith(progress);

    expect(await source.ofPartition('ledger.account', 1, [name])).toEqual(new Map([[name, 3n]]));
  });

  it('stores nothing for a unit whose work fails, and writes no statement when nothing advanced', async () => {
    const progress = new PostgresReadProgress(schema, 'failed');
    await progress.advance('ledger.account', 4, 5n);

    await expect(commitWith(progress, () => Promise.reject(new Error('the batch failed')))).rejects.toThrow('the batch failed');

    expect(await source.ofPartition('ledger.account', 4, ['failed'])).toEqual(new Map());
    expect(new PostgresReadProgress(schema, 'idle').statement()).toBeUndefined();
  });

  it('commits nothing of the unit when its offsets are refused at commit: progress and data never disagree', async () => {
    const progress = new PostgresReadProgress(schema, 'refused');
    await progress.advance('ledger.account', 5, 8n);
    await progress.advance('ledger.account', -1, 8n); // the table's CHECK refuses it
    // Stands for the read model's rows: written by the unit's work, in its transaction.
    const data = new PostgresReadProgress(schema, 'data-of-the-unit');
    await data.advance('ledger.account', 5, 3n);

    await expect(
      inTransaction(pg.pool, async (tx) => void (await tx.query(data.statement() ?? '')), { beforeCommit: () => progress.statement() }),
    ).rejects.toThrow(/check constraint/);

    expect(await source.ofPartition('ledger.account', 5, ['refused', 'data-of-the-unit'])).toEqual(new Map());
  });
});

describe('inTransaction: statements riding along with BEGIN and COMMIT', () => {
  let pg: PostgresUnderTest;

  beforeAll(async () => {
    pg = await postgresUnderTest('tx_ends');
    await pg.pool.query(`CREATE TABLE ${quoteIdentifier(pg.readModelSchema)}.marks (id int PRIMARY KEY)`);
  });
  afterAll(() => pg.dispose());

  const marks = async () => (await pg.pool.query<{ id: number }>(`SELECT id FROM ${quoteIdentifier(pg.readModelSchema)}.marks ORDER BY id`)).rows.map((row) => row.id);
  const insert = (id: number) => `INSERT INTO ${quoteIdentifier(pg.readModelSchema)}.marks VALUES (${id})`;

  it('runs them inside the transaction: all of it commits together', async () => {
    await inTransaction(pg.pool, (tx) => tx.query(insert(2)), { afterBegin: insert(1), beforeCommit: () => insert(3) });

    expect(await marks()).toEqual([1, 2, 3]);
  });

  it('commits nothing when the statement before COMMIT fails, and gives the connection back usable', async () => {
    // One connection, so the second unit runs on the one the failed unit gave back.
    const single = new Pool({ connectionString: process.env['DATABASE_URL'], max: 1 });
    try {
      await expect(inTransaction(single, (tx) => tx.query(insert(10)), { beforeCommit: () => 'SELECT 1 / 0' })).rejects.toThrow('division by zero');

      expect(await marks()).not.toContain(10);
      await inTransaction(single, (tx) => tx.query(insert(11)));
      expect(await marks()).toContain(11);
    } finally {
      await single.end();
    }
  });
});
