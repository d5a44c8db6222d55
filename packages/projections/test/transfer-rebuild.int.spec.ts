import { AccountFixture } from '@ledger/domain/testing';
import { categoryOf, type RecordedEvent } from '@ledger/event-store';
import { silentLogger, type ProjectionDefinition } from '../src';
import { accountTransactionsProjection } from '../src/accounts';
import { ProjectionRebuilds } from '../src/postgres';
import { TransferFixture } from '@ledger/domain/testing';
import { type LedgerEvent } from '../src/testing';
import { transferProjections } from '../src/transfers';
import { postgresDefinition, ProjectionHarness } from './support/projection-harness';
import { liveReadModel } from './support/read-model-snapshots';
import { postgresUnderTest, type PostgresUnderTest } from './support/test-stack';

/**
 * Transfers ending every way, and still pending at every step, with the account movements made
 * for them: 4 accounts funded with 1,000.00 EUR each, transfers of 10.00 between them.
 */
function history(): LedgerEvent[] {
  const accounts = [0, 1, 2, 3].map(() => new AccountFixture());
  const events: LedgerEvent[] = accounts.flatMap((account) => [account.opened(), account.deposited(100_000n, 100_000n, 'opening')]);
  const between = (from: number, to: number, reference?: string) => new TransferFixture(accounts[from] ?? new AccountFixture(), accounts[to] ?? new AccountFixture(), 1_000n, reference);
  const [completed, failed, reversed, requested, debited, refused] = [
    between(0, 1, 'rent 🏠'),
    between(1, 2),
    between(2, 3, '𝄞 lessons'),
    between(3, 0),
    between(0, 2),
    between(1, 3),
  ];
  events.push(completed.requested(), completed.debited(), completed.debit(99_000n), completed.credit(101_000n), completed.completed());
  events.push(failed.requested(), failed.failed('ACCOUNT_FROZEN'));
  events.push(reversed.requested(), reversed.debited(), reversed.debit(99_000n), reversed.creditRefused('ACCOUNT_CLOSED'), reversed.refund(100_000n), reversed.reversed());
  events.push(requested.requested());
  events.push(debited.requested(), debited.debited(), debited.debit(98_000n));
  events.push(refused.requested(), refused.debited(), refused.debit(100_000n), refused.creditRefused('CURRENCY_MISMATCH'));
  return events;
}

describe('rebuilding the transfer read models from the event store', () => {
  let pg: PostgresUnderTest;
  let definitions: ProjectionDefinition[];
  const started: ProjectionRebuilds[] = [];

  /** Applies the events of the projection's categories through the live path, a few per batch, as its topics would bring them. */
  const projectLive = async (definition: ProjectionDefinition, events: readonly RecordedEvent[]) => {
    const harness = new ProjectionHarness({ definition, pool: pg.pool, readModelSchema: pg.readModelSchema, streams: pg.eventStore });
    const relevant = events.filter((event) => definition.categories.includes(categoryOf(event.streamId)));
    for (let index = 0; index < relevant.length; index += 5) await harness.deliver(...relevant.slice(index, index + 5));
  };

  beforeAll(async () => {
    pg = await postgresUnderTest('transfer_rebuild');
    const transactions = postgresDefinition('account-transactions', (tableOf) => accountTransactionsProjection({ schema: pg.readModelSchema, table: tableOf('account_transactions') }), {
      pool: pg.pool,
      schema: pg.readModelSchema,
      tables: ['account_transactions'],
    });
    definitions = [...transferProjections({ pool: pg.pool, readModelSchema: pg.readModelSchema }), transactions];
    const stored = await pg.append(history());
    for (const definition of definitions) await projectLive(definition, stored);
  });
  afterEach(async () => {
    await Promise.all(started.splice(0).map((rebuilds) => rebuilds.stop()));
  });
  afterAll(() => pg.dispose());

  it.each(['transfer-summary', 'account-transactions'])('rebuilds %s into exactly the read model the live projection built', async (name) => {
    const live = await liveReadModel(name, pg);
    const rebuilds = new ProjectionRebuilds({
      pool: pg.pool,
      schema: pg.readModelSchema,
      definitions,
      running: definitions.map((definition) => definition.name),
      history: pg.eventStore,
      logger: silentLogger,
      holdOf: () => undefined,
      batchSize: 7,
      graceMs: 60_000,
    });
    started.push(rebuilds);

    const record = await rebuilds.start(name);

    expect(await rebuilds.outcomeOf(record.id)).toMatchObject({ state: 'completed' });
    expect(await liveReadModel(name, pg)).toEqual(live);
  });

  it('the live read models hold every transfer and every leg it moved, so the comparison above compares something', async () => {
    const schema = `"${pg.readModelSchema}"`;
    const statuses = await pg.pool.query<{ status: string; n: string }>(`SELECT status, count(*)::text AS n FROM ${schema}.transfer_summary GROUP BY status ORDER BY status`);
    const legs = await pg.pool.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${schema}.account_transactions WHERE transfer_id IS NOT NULL`);

    expect(statuses.rows).toEqual([
      { status: 'completed', n: '1' },
      { status: 'failed', n: '1' },
      { status: 'pending', n: '3' },
      { status: 'reversed', n: '1' },
    ]);
    expect(legs.rows).toEqual([{ n: '6' }]);
  });
});
