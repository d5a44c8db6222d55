import { freePort } from '@ledger/platform/testing';
import { privateMongoWireServer, type PrivateMongoWireServer } from '@ledger/projections/testing';
import { AccountFixture } from '@ledger/domain/testing';
import { eventually } from '@ledger/event-store/testing';
import { projectorUnderTest, type HttpAnswer, type ProjectorUnderTest } from './support/projector-under-test';

interface ProjectionItem {
  readonly name: string;
  readonly state: string;
  readonly lastError: string | null;
}

const projectionNamed = (name: string) => (answer: HttpAnswer) => (answer.body['items'] as ProjectionItem[]).find((item) => item.name === name);
const mongodbCheckOf = (answer: HttpAnswer) => (answer.body['checks'] as Record<string, { status: string }>)['mongodb']?.status;

/**
 * The projector against a MongoDB-wire server of this file's own, which the tests keep down,
 * start and freeze: the PostgreSQL projections must never wait for it, and the portfolio
 * projection must show what is wrong and catch up by itself once the server answers again.
 */
describe('projector: the MongoDB-wire server down, started late, or frozen', () => {
  let server: PrivateMongoWireServer;
  let projector: ProjectorUnderTest;

  beforeAll(async () => {
    server = privateMongoWireServer(await freePort());
    // Started while the server is down: boot must not wait for it, nor keep a closed client.
    projector = await projectorUnderTest({ MONGODB_URL: server.urlOf('outage'), MONGODB_TIMEOUT_MS: '1000' });
  });
  afterAll(async () => {
    server.thaw();
    await server.start();
    await projector.dispose();
    await server.dispose();
  });

  const summaryRevisionOf = async (accountId: string): Promise<number | undefined> => {
    const { rows } = await projector.pool.query<{ revision: string }>(`SELECT revision FROM "${projector.readModelSchema}".account_summary WHERE account_id = $1`, [accountId]);
    return rows[0] === undefined ? undefined : Number(rows[0].revision);
  };
  const portfolioRevisionOf = async (account: AccountFixture): Promise<number | undefined> => {
    const document = await projector.mongo.db().collection<{ _id: string; accounts: Record<string, { revision: number }> }>('customer_portfolios').findOne({ _id: account.ownerId });
    return document?.accounts[account.accountId]?.revision;
  };

  it('started with the server down: /health names it, the PostgreSQL projections apply, the portfolio shows its error; started, it catches up', async () => {
    const account = new AccountFixture();
    const health = await projector.get('/health');
    expect(health.status).toBe(503);
    expect(mongodbCheckOf(health)).toBe('down');

    await projector.publish([account.opened(), account.deposited(500n, 500n)]);

    await eventually(() => summaryRevisionOf(account.accountId), (revision) => revision === 1, { timeoutMs: 30_000 });
    const portfolio = await eventually(
      () => projector.get('/projections').then(projectionNamed('customer-portfolio')),
      (item) => item?.lastError !== null && item?.lastError !== undefined,
      { timeoutMs: 30_000 },
    );
    expect(portfolio).toMatchObject({ state: 'failed', lastError: expect.stringMatching(/.+/) as unknown });

    await server.start();

    await eventually(() => portfolioRevisionOf(account), (revision) => revision === 1, { timeoutMs: 30_000 });
    await eventually(() => projector.get('/health'), (answer) => answer.status === 200, { timeoutMs: 15_000 });
    expect(await projector.get('/projections').then(projectionNamed('customer-portfolio'))).toMatchObject({ state: 'running', lastError: null });
  });

  it('frozen (accepts connections, answers nothing): /health says down, the PostgreSQL projections keep applying; thawed, the portfolio catches up', async () => {
    const account = new AccountFixture();
    await server.start();
    await projector.publish([account.opened()]);
    await eventually(() => portfolioRevisionOf(account), (revision) => revision === 0, { timeoutMs: 30_000 });

    await server.freeze();
    await projector.publish([account.deposited(700n, 700n)]);
    await eventually(() => summaryRevisionOf(account.accountId), (revision) => revision === 1, { timeoutMs: 30_000 });
    // A later batch of the same partition: one fetch feeds every projection, and the portfolio's
    // stalled store must not hold it back.
    await projector.publish([account.deposited(50n, 750n), account.frozen()]);
    await eventually(() => summaryRevisionOf(account.accountId), (revision) => revision === 3, { timeoutMs: 30_000 });
    const health = await eventually(() => projector.get('/health'), (answer) => answer.status === 503, { timeoutMs: 15_000 });
    expect(mongodbCheckOf(health)).toBe('down');

    server.thaw();

    await eventually(() => portfolioRevisionOf(account), (revision) => revision === 3, { timeoutMs: 45_000 });
    await eventually(() => projector.get('/health'), (answer) => answer.status === 200, { timeoutMs: 15_000 });
  });
});
