import { accountTransactionsProjection } from '../src/accounts';
import { AccountFixture } from '@ledger/domain/testing';
import { TransferFixture } from '@ledger/domain/testing';
import { givenWhen } from './support/given-when';
import { postgresDefinition, ProjectionHarness } from './support/projection-harness';
import { postgresUnderTest, type PostgresUnderTest } from './support/test-stack';

/** account-transactions against real PostgreSQL: given(events).when(event).then(rows). */
describe('account-transactions projection', () => {
  let pg: PostgresUnderTest;
  let harness: ProjectionHarness;
  const { given, when, storedOnly } = givenWhen(() => pg, () => harness);

  beforeAll(async () => {
    pg = await postgresUnderTest('transactions');
    const definition = postgresDefinition('account-transactions', (tableOf) => accountTransactionsProjection({ schema: pg.readModelSchema, table: tableOf('account_transactions') }), {
      pool: pg.pool,
      schema: pg.readModelSchema,
      tables: ['account_transactions'],
    });
    harness = new ProjectionHarness({ definition, pool: pg.pool, readModelSchema: pg.readModelSchema, streams: pg.eventStore });
  });
  afterAll(() => pg.dispose());

  const transactionsOf = async (account: AccountFixture) => {
    const { rows } = await pg.pool.query<Record<string, unknown>>(
      `SELECT revision, type, amount_minor, currency, balance_after_minor, reference, transfer_id, occurred_at
         FROM "${pg.readModelSchema}".account_transactions WHERE account_id = $1 ORDER BY revision`,
      [account.accountId],
    );
    return rows;
  };
  const guardOf = async (account: AccountFixture) => {
    const { rows } = await pg.pool.query<{ revision: string }>(
      `SELECT revision FROM "${pg.readModelSchema}".projection_stream_revisions WHERE projection = 'account-transactions' AND stream_id = $1`,
      [account.streamId],
    );
    return rows[0]?.revision;
  };

  it('MoneyDeposited: one deposit row with the amount, the balance after it, its reference and time', async () => {
    const account = new AccountFixture();
    await given(account.opened());

    const [deposited] = await when(account.deposited(12_550n, 12_550n, 'salary'));

    expect(await transactionsOf(account)).toEqual([
      {
        revision: '1',
        type: 'deposit',
        amount_minor: '12550',
        currency: 'EUR',
        balance_after_minor: '12550',
        reference: 'salary',
        transfer_id: null,
        occurred_at: new Date(deposited?.metadata.occurredAt ?? 'missing'),
      },
    ]);
  });

  it('MoneyWithdrawn: one withdrawal row; no reference is null', async () => {
    const account = new AccountFixture();
    await given(account.opened(), account.deposited(1_000n, 1_000n));

    await when(account.withdrawn(300n, 700n));

    expect((await transactionsOf(account))[1]).toMatchObject({ revision: '2', type: 'withdrawal', amount_minor: '300', balance_after_minor: '700', reference: null });
  });

  it('a transfer’s legs name it on both accounts: the debit, the credit and a refund', async () => {
    const [from, to] = [new AccountFixture(), new AccountFixture()];
    const transfer = new TransferFixture(from, to, 300n, 'rent');
    await given(from.opened(), from.deposited(1_000n, 1_000n), to.opened());

    await when(transfer.debit(700n), transfer.credit(300n), transfer.refund(1_000n));

    const legsOf = async (account: AccountFixture) => (await transactionsOf(account)).map((row) => [row['type'], row['reference'], row['transfer_id']]);
    expect(await legsOf(from)).toEqual([
      ['deposit', null, null],
      ['withdrawal', 'rent', transfer.transferId],
      ['deposit', 'rent', transfer.transferId],
    ]);
    expect(await legsOf(to)).toEqual([['deposit', 'rent', transfer.transferId]]);
  });

  it('events that move no money write no row, yet their revision is recorded (read-your-writes waits on it)', async () => {
    const account = new AccountFixture();

    await when(account.opened(), account.frozen(), account.unfrozen());

    expect(await transactionsOf(account)).toEqual([]);
    expect(await guardOf(account)).toBe('2');
  });

  it('applied twice = unchanged: one row per money event, however often it arrives', async () => {
    const account = new AccountFixture();
    const stored = await given(account.opened(), account.deposited(10n, 10n));
    const before = await transactionsOf(account);

    await harness.deliver(...stored);
    await harness.deliver(...stored);

    expect(await transactionsOf(account)).toEqual(before);
  });

  it('out-of-order duplicate ignored: an older deposit after newer events adds nothing', async () => {
    const account = new AccountFixture();
    const [, first] = await given(account.opened(), account.deposited(10n, 10n), account.withdrawn(5n, 5n));
    if (first === undefined) throw new Error('no deposit');

    await harness.deliver(first);

    expect((await transactionsOf(account)).map((row) => row['revision'])).toEqual(['1', '2']);
  });

  it('a gap is healed from the event store: the missing movement gets its row, in order', async () => {
    const account = new AccountFixture();
    await given(account.opened());
    await storedOnly(account.deposited(100n, 100n));

    await when(account.withdrawn(40n, 60n));

    expect((await transactionsOf(account)).map((row) => [row['revision'], row['type'], row['balance_after_minor']])).toEqual([
      ['1', 'deposit', '100'],
      ['2', 'withdrawal', '60'],
    ]);
    expect(await guardOf(account)).toBe('2');
  });
});
