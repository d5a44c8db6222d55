import { parseOwnerId, type OwnerId } from '@ledger/domain';
import { accountSummaryProjection } from '../src/accounts';
import { AccountFixture } from '@ledger/domain/testing';
import { givenWhen } from './support/given-when';
import { postgresDefinition, ProjectionHarness } from './support/projection-harness';
import { postgresUnderTest, type PostgresUnderTest } from './support/test-stack';

const ownerIdOf = (text: string): OwnerId => {
  const parsed = parseOwnerId(text);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
};

/** account-summary against real PostgreSQL: given(events).when(event).then(row). */
describe('account-summary projection', () => {
  let pg: PostgresUnderTest;
  let harness: ProjectionHarness;
  const { given, when, storedOnly } = givenWhen(() => pg, () => harness);

  beforeAll(async () => {
    pg = await postgresUnderTest('summary');
    const definition = postgresDefinition('account-summary', (tableOf) => accountSummaryProjection({ schema: pg.readModelSchema, table: tableOf('account_summary') }), {
      pool: pg.pool,
      schema: pg.readModelSchema,
      tables: ['account_summary'],
    });
    harness = new ProjectionHarness({ definition, pool: pg.pool, readModelSchema: pg.readModelSchema, streams: pg.eventStore });
  });
  afterAll(() => pg.dispose());

  const summaryOf = async (account: AccountFixture) => {
    const { rows } = await pg.pool.query<Record<string, unknown>>(
      `SELECT account_id, owner_id, currency, balance_minor, status, revision, opened_at, updated_at
         FROM "${pg.readModelSchema}".account_summary WHERE account_id = $1`,
      [account.accountId],
    );
    return rows[0];
  };
  const guardOf = async (account: AccountFixture) => {
    const { rows } = await pg.pool.query<{ revision: string }>(
      `SELECT revision FROM "${pg.readModelSchema}".projection_stream_revisions WHERE projection = 'account-summary' AND stream_id = $1`,
      [account.streamId],
    );
    return rows[0]?.revision;
  };
  const at = (text: string | undefined) => new Date(text ?? 'missing');

  it('AccountOpened: a row with a zero balance, open, at revision 0, opened and updated when it occurred', async () => {
    const account = new AccountFixture(undefined, 'JPY');

    const [opened] = await when(account.opened());

    expect(await summaryOf(account)).toEqual({
      account_id: account.accountId,
      owner_id: account.ownerId,
      currency: 'JPY',
      balance_minor: '0',
      status: 'open',
      revision: '0',
      opened_at: at(opened?.metadata.occurredAt),
      updated_at: at(opened?.metadata.occurredAt),
    });
    expect(await guardOf(account)).toBe('0');
  });

  it('MoneyDeposited: the balance after it, its revision and time', async () => {
    const account = new AccountFixture();
    const [opened] = await given(account.opened());

    const [deposited] = await when(account.deposited(12_550n, 12_550n));

    expect(await summaryOf(account)).toMatchObject({
      balance_minor: '12550',
      revision: '1',
      opened_at: at(opened?.metadata.occurredAt),
      updated_at: at(deposited?.metadata.occurredAt),
    });
  });

  it('MoneyWithdrawn: the balance after it', async () => {
    const account = new AccountFixture();
    await given(account.opened(), account.deposited(10_000n, 10_000n));

    await when(account.withdrawn(2_500n, 7_500n));

    expect(await summaryOf(account)).toMatchObject({ balance_minor: '7500', revision: '2' });
  });

  it('AccountFrozen, AccountUnfrozen, AccountClosed: the status, balance untouched', async () => {
    const account = new AccountFixture();
    await given(account.opened(), account.deposited(500n, 500n));

    await when(account.frozen());
    expect(await summaryOf(account)).toMatchObject({ status: 'frozen', balance_minor: '500', revision: '2' });

    await when(account.unfrozen());
    expect(await summaryOf(account)).toMatchObject({ status: 'open', revision: '3' });

    await when(account.withdrawn(500n, 0n), account.closed());
    expect(await summaryOf(account)).toMatchObject({ status: 'closed', balance_minor: '0', revision: '5' });
  });

  it('a whole history in one batch gives the same row as one event at a time', async () => {
    const inOneBatch = new AccountFixture();
    const oneByOne = new AccountFixture(inOneBatch.ownerId);
    const history = (account: AccountFixture) => [account.opened(), account.deposited(900n, 900n), account.frozen(), account.unfrozen(), account.withdrawn(100n, 800n)];

    await when(...history(inOneBatch));
    for (const event of history(oneByOne)) await when(event);

    const { account_id: _a, opened_at: _o, updated_at: _u, ...batched } = (await summaryOf(inOneBatch)) ?? {};
    const { account_id: _b, opened_at: _p, updated_at: _v, ...single } = (await summaryOf(oneByOne)) ?? {};
    expect(batched).toEqual(single);
    expect(batched).toMatchObject({ balance_minor: '800', status: 'open', revision: '4' });
  });

  it('applied twice = unchanged: a redelivered event is skipped as a duplicate', async () => {
    const account = new AccountFixture();
    const [, deposited] = await given(account.opened(), account.deposited(700n, 700n));
    const before = await summaryOf(account);
    const duplicatesBefore = harness.status.snapshot().duplicates;

    if (deposited === undefined) throw new Error('no deposit');
    await harness.deliver(deposited);

    expect(await summaryOf(account)).toEqual(before);
    expect(harness.status.snapshot().duplicates).toBe(duplicatesBefore + 1);
  });

  it('out-of-order duplicate ignored: an older event arriving after newer ones changes nothing', async () => {
    const account = new AccountFixture();
    const [, first] = await given(account.opened(), account.deposited(100n, 100n), account.deposited(50n, 150n), account.frozen());
    const before = await summaryOf(account);

    if (first === undefined) throw new Error('no deposit');
    await harness.deliver(first);

    expect(await summaryOf(account)).toEqual(before);
    expect(before).toMatchObject({ balance_minor: '150', status: 'frozen', revision: '3' });
  });

  it('a gap is healed from the event store: events Kafka never brought are applied first, in order', async () => {
    const account = new AccountFixture();
    await given(account.opened());
    await storedOnly(account.deposited(100n, 100n), account.frozen());
    const healedBefore = harness.status.snapshot().healed;

    await when(account.unfrozen());

    expect(await summaryOf(account)).toMatchObject({ balance_minor: '100', status: 'open', revision: '3' });
    expect(await guardOf(account)).toBe('3');
    expect(harness.status.snapshot().healed).toBe(healedBefore + 2);
  });

  it('takes the time an event was stored when its occurredAt is missing', async () => {
    const account = new AccountFixture();
    const [opened] = await pg.append([account.opened()], { occurredAt: 'not a date' });
    if (opened === undefined) throw new Error('not stored');

    await harness.deliver(opened);

    expect(await summaryOf(account)).toMatchObject({ opened_at: opened.recordedAt, updated_at: opened.recordedAt });
  });

  it('keeps accounts apart when their events are interleaved in one batch', async () => {
    const [a, b] = [new AccountFixture(), new AccountFixture()];
    const storedA = await storedOnly(a.opened(), a.deposited(10n, 10n));
    const storedB = await storedOnly(b.opened(), b.deposited(20n, 20n));

    await harness.deliver(...[storedA[0], storedB[0], storedB[1], storedA[1]].flatMap((event) => (event === undefined ? [] : [event])));

    expect(await summaryOf(a)).toMatchObject({ balance_minor: '10', revision: '1' });
    expect(await summaryOf(b)).toMatchObject({ balance_minor: '20', revision: '1' });
  });
  it('keeps owners by the bank’s own ids exactly as sent: any allowed character, 1 to 64 of them, case apart', async () => {
    const ownerIds = ['Cust.Nr_7:branch@bank-DE', 'cust.nr_7:branch@bank-de', 'x', 'C'.repeat(64)].map(ownerIdOf);
    const accounts = ownerIds.map((ownerId) => new AccountFixture(ownerId));

    await when(...accounts.map((account) => account.opened()));

    const owners = await Promise.all(accounts.map(async (account) => (await summaryOf(account))?.['owner_id']));
    expect(owners).toEqual(ownerIds);
  });
});
