import { type SqlTransaction } from '../src';
import { inTransaction, PostgresUnitOfWork, ProjectionVersions } from '../src/postgres';
import { postgresUnderTest, type PostgresUnderTest } from './support/test-stack';

/** What a store beside PostgreSQL takes from the unit of work: locks held until it ends, and the live copy. */
describe('PostgresUnitOfWork', () => {
  let pg: PostgresUnderTest;

  beforeAll(async () => {
    pg = await postgresUnderTest('unit');
  });
  afterAll(() => pg.dispose());

  const unitOn = (tx: SqlTransaction) => new PostgresUnitOfWork(tx, new ProjectionVersions(pg.readModelSchema));

  /** Runs a unit that takes `keys` of `scope`, then holds them until `release` is called. */
  const holding = (scope: string, keys: readonly string[]) => {
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let locked = () => {};
    const acquired = new Promise<void>((resolve) => (locked = resolve));
    const done = inTransaction(pg.pool, async (tx) => {
      await unitOn(tx).lockKeys(scope, keys);
      locked();
      await held;
    });
    return { acquired, release: () => release(), done };
  };
  const settledWithin = (promise: Promise<unknown>, ms: number) =>
    Promise.race([promise.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms))]);

  it('given a unit holding owner-1 and owner-10, another unit wanting owner-10 waits until the first ends', async () => {
    const first = holding('ledger.portfolios', ['owner-10', 'owner-1']);
    await first.acquired;

    const second = holding('ledger.portfolios', ['owner-2', 'owner-10']);

    await expect(settledWithin(second.acquired, 300)).resolves.toBe(false);
    first.release();
    await first.done;
    await second.acquired;
    second.release();
    await second.done;
  });

  it('does not hold other keys, nor the same key of another scope (a rebuild writing its copy)', async () => {
    const live = holding('ledger.portfolios', ['owner-3']);
    await live.acquired;

    const otherKey = holding('ledger.portfolios', ['owner-30']);
    const otherScope = holding('ledger.portfolios__r1', ['owner-3']);

    await Promise.all([otherKey.acquired, otherScope.acquired]);
    for (const unit of [live, otherKey, otherScope]) unit.release();
    await Promise.all([live.done, otherKey.done, otherScope.done]);
  });

  it('reads the live copy as of the unit, and repoints it when the unit commits', async () => {
    await new ProjectionVersions(pg.readModelSchema).adopt(pg.pool, 'customer-portfolio', 1);

    const before = await inTransaction(pg.pool, (tx) => unitOn(tx).liveCopy('customer-portfolio'));
    const retired = await inTransaction(pg.pool, (tx) => unitOn(tx).repointLiveCopy('customer-portfolio', 'r42'));
    const after = await inTransaction(pg.pool, (tx) => unitOn(tx).liveCopy('customer-portfolio'));

    expect([before, retired, after]).toEqual(['', '', 'r42']);
  });
});
