import { parseOwnerId, type OwnerId } from '@ledger/domain';
import { type UnitOfWork } from '../src';
import { accountProjections, MongoCustomerPortfolioStore, type PortfolioDocument } from '../src/accounts';
import { AccountFixture } from '@ledger/domain/testing';
import { givenWhen } from './support/given-when';
import { ProjectionHarness } from './support/projection-harness';
import { mongoUnderTest, postgresUnderTest, type MongoUnderTest, type PostgresUnderTest } from './support/test-stack';

const ownerIdOf = (text: string): OwnerId => {
  const parsed = parseOwnerId(text);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
};

/** customer-portfolio against real FerretDB (MongoDB wire): given(events).when(event).then(document). */
describe('customer-portfolio projection', () => {
  let pg: PostgresUnderTest;
  let mongo: MongoUnderTest;
  let harness: ProjectionHarness;
  const { given, when, storedOnly } = givenWhen(() => pg, () => harness);

  beforeAll(async () => {
    [pg, mongo] = await Promise.all([postgresUnderTest('portfolio'), mongoUnderTest('portfolio')]);
    const definition = accountProjections({ pool: pg.pool, readModelSchema: pg.readModelSchema, mongo: mongo.db }).find((each) => each.name === 'customer-portfolio');
    if (definition === undefined) throw new Error('customer-portfolio is not an account projection');
    harness = new ProjectionHarness({ definition, pool: pg.pool, readModelSchema: pg.readModelSchema, streams: pg.eventStore });
  });
  afterAll(() => Promise.all([pg.dispose(), mongo.dispose()]));

  const portfolioOf = (ownerId: string) => mongo.db.collection<PortfolioDocument>('customer_portfolios').findOne({ _id: ownerId });

  it('AccountOpened: the owner gets a document with the account at a zero balance, open, revision 0', async () => {
    const account = new AccountFixture(undefined, 'BHD');

    const [opened] = await when(account.opened());

    expect(await portfolioOf(account.ownerId)).toEqual({
      _id: account.ownerId,
      ownerId: account.ownerId,
      accounts: {
        [account.accountId]: { accountId: account.accountId, currency: 'BHD', balanceMinor: '0', status: 'open', revision: 0 },
      },
      updatedAt: new Date(opened?.metadata.occurredAt ?? 'missing'),
    });
  });

  it('a second account of the same owner joins the same document', async () => {
    const first = new AccountFixture();
    const second = new AccountFixture(first.ownerId, 'USD');
    await given(first.opened(), first.deposited(100n, 100n));

    await when(second.opened(), second.deposited(250n, 250n));

    const portfolio = await portfolioOf(first.ownerId);
    expect(portfolio?.accounts).toEqual({
      [first.accountId]: { accountId: first.accountId, currency: 'EUR', balanceMinor: '100', status: 'open', revision: 1 },
      [second.accountId]: { accountId: second.accountId, currency: 'USD', balanceMinor: '250', status: 'open', revision: 1 },
    });
  });

  it('money and status events: the balance after them (exact as a decimal string) and the status', async () => {
    const account = new AccountFixture();
    await given(account.opened(), account.deposited(9_007_199_254_740_993n, 9_007_199_254_740_993n));

    await when(account.withdrawn(3n, 9_007_199_254_740_990n), account.frozen());
    expect((await portfolioOf(account.ownerId))?.accounts[account.accountId]).toMatchObject({ balanceMinor: '9007199254740990', status: 'frozen', revision: 3 });

    await when(account.unfrozen());
    expect((await portfolioOf(account.ownerId))?.accounts[account.accountId]).toMatchObject({ status: 'open', revision: 4 });

    await when(account.withdrawn(9_007_199_254_740_990n, 0n), account.closed());
    expect((await portfolioOf(account.ownerId))?.accounts[account.accountId]).toMatchObject({ balanceMinor: '0', status: 'closed', revision: 6 });
  });

  it('applied twice = unchanged, the opening included', async () => {
    const account = new AccountFixture();
    const stored = await given(account.opened(), account.deposited(40n, 40n));
    const before = await portfolioOf(account.ownerId);

    await harness.deliver(...stored);

    expect(await portfolioOf(account.ownerId)).toEqual(before);
  });

  it('out-of-order duplicate ignored: an older event after newer ones changes nothing', async () => {
    const account = new AccountFixture();
    const [, first] = await given(account.opened(), account.deposited(40n, 40n), account.deposited(2n, 42n));
    const before = await portfolioOf(account.ownerId);
    if (first === undefined) throw new Error('no deposit');

    await harness.deliver(first);

    expect(await portfolioOf(account.ownerId)).toEqual(before);
    expect(before?.accounts[account.accountId]).toMatchObject({ balanceMinor: '42', revision: 2 });
  });

  it('a gap is healed from the event store, the missing opening included', async () => {
    const account = new AccountFixture();
    await storedOnly(account.opened(), account.deposited(70n, 70n));

    await when(account.frozen());

    expect((await portfolioOf(account.ownerId))?.accounts[account.accountId]).toEqual({
      accountId: account.accountId,
      currency: 'EUR',
      balanceMinor: '70',
      status: 'frozen',
      revision: 2,
    });
  });

  it('updatedAt never moves back when an owner\'s accounts are applied out of time order', async () => {
    const later = new AccountFixture();
    const earlier = new AccountFixture(later.ownerId);
    const [opened] = await pg.append([later.opened()], { occurredAt: '2030-01-02T00:00:00.000Z' });
    const [openedBefore] = await pg.append([earlier.opened()], { occurredAt: '2030-01-01T00:00:00.000Z' });
    if (opened === undefined || openedBefore === undefined) throw new Error('not stored');

    await harness.deliver(opened);
    await harness.deliver(openedBefore);

    expect((await portfolioOf(later.ownerId))?.updatedAt).toEqual(new Date('2030-01-02T00:00:00.000Z'));
  });

  it('batches from several partitions updating one owner at the same time lose nothing', async () => {
    // FerretDB 1.x loses concurrent updates of one document; the per-owner lock must prevent it.
    const first = new AccountFixture();
    const accounts = [first, ...Array.from({ length: 19 }, () => new AccountFixture(first.ownerId))];
    const stored = await Promise.all(accounts.map((account) => pg.append([account.opened(), account.deposited(5n, 5n)])));

    await Promise.all(stored.map((events) => harness.deliver(...events)));

    const entries = Object.values((await portfolioOf(first.ownerId))?.accounts ?? {});
    expect(entries).toHaveLength(20);
    expect(entries.every((entry) => entry.revision === 1 && entry.balanceMinor === '5')).toBe(true);
  });

  it('refuses to skip an opening, whose entry would carry the guard: the skip would not stick', async () => {
    const account = new AccountFixture();
    const untouched = () => Promise.reject(new Error('the refusal comes before any write'));
    const unit: UnitOfWork = { sql: { query: untouched }, lockKeys: untouched, liveCopy: untouched, repointLiveCopy: untouched };
    const writer = new MongoCustomerPortfolioStore({ db: mongo.db, copyOf: () => Promise.resolve('') }).writerFor(unit);

    await expect(writer.skip(account.streamId, 0n)).rejects.toThrow(/cannot be skipped/);
  });
  it('keys documents by the bank’s own owner ids exactly as sent: two spellings are two customers', async () => {
    const [upper, lower] = [ownerIdOf('Cust.Nr_7:branch@bank-DE'), ownerIdOf('cust.nr_7:branch@bank-de')];
    const [upperAccount, lowerAccount] = [new AccountFixture(upper), new AccountFixture(lower, 'USD')];

    await when(upperAccount.opened(), lowerAccount.opened(), lowerAccount.deposited(5n, 5n));

    expect(await portfolioOf(upper)).toMatchObject({ _id: upper, ownerId: upper, accounts: { [upperAccount.accountId]: { currency: 'EUR', balanceMinor: '0' } } });
    expect(Object.keys((await portfolioOf(upper))?.accounts ?? {})).toEqual([upperAccount.accountId]);
    expect(await portfolioOf(lower)).toMatchObject({ _id: lower, ownerId: lower, accounts: { [lowerAccount.accountId]: { currency: 'USD', balanceMinor: '5' } } });
    expect(Object.keys((await portfolioOf(lower))?.accounts ?? {})).toEqual([lowerAccount.accountId]);
  });
});
