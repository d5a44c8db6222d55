import { pingThroughout } from '@ledger/projections/testing';
import { AccountFixture } from '@ledger/domain/testing';
import { eventually } from '@ledger/event-store/testing';
import { projectorUnderTest, type ProjectorUnderTest } from './support/projector-under-test';

const ACCOUNTS = 500;
const EVENTS_PER_ACCOUNT = 100;

/**
 * The customer-portfolio projection catching up a 50,000-event backlog from zero through Kafka,
 * as after an outage or a restart: wide batches (hundreds of accounts each) against the shared
 * MongoDB-wire server, which is pinged throughout. The rate is printed, never asserted.
 */
describe('customer-portfolio: a 50,000-event backlog caught up from zero', () => {
  let projector: ProjectorUnderTest;

  beforeAll(async () => {
    projector = await projectorUnderTest({ PROJECTIONS: 'customer-portfolio', PROJECTOR_TOPIC_PARTITIONS: '6' });
  });
  afterAll(() => projector.dispose());

  it('applies every event, and the server answers every ping meanwhile', async () => {
    const accounts = Array.from({ length: ACCOUNTS }, () => new AccountFixture());
    const events = accounts.flatMap((account) => [
      account.opened(),
      ...Array.from({ length: EVENTS_PER_ACCOUNT - 1 }, (_, i) => account.deposited(1n, BigInt(i + 1))),
    ]);
    await projector.appendUnpublished(events);
    const pings = pingThroughout(process.env['MONGODB_URL'] ?? '');
    const started = performance.now();

    expect(await projector.publishBacklog()).toBe(ACCOUNTS * EVENTS_PER_ACCOUNT);
    const portfolios = projector.mongo.db().collection<{ accounts: Record<string, { revision: number; balanceMinor: string }> }>('customer_portfolios');
    await eventually(
      () => portfolios.countDocuments({}),
      (count) => count === ACCOUNTS,
      { timeoutMs: 180_000, intervalMs: 250 },
    );
    const documents = await eventually(
      () => portfolios.find({}).toArray(),
      (all) => all.every((document) => Object.values(document.accounts).every((entry) => entry.revision === EVENTS_PER_ACCOUNT - 1)),
      { timeoutMs: 180_000, intervalMs: 500 },
    );
    const seconds = (performance.now() - started) / 1_000;

    process.stdout.write(`customer-portfolio backlog: ${events.length} events in ${seconds.toFixed(1)} s = ${Math.round(events.length / seconds)} events/s\n`);
    expect(await pings.stop()).toEqual([]);
    for (const document of documents) {
      for (const entry of Object.values(document.accounts)) expect(entry.balanceMinor).toBe(String(EVENTS_PER_ACCOUNT - 1));
    }
  });
});
