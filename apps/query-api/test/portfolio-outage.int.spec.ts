import { migrateReadModels } from '@ledger/projections/postgres';
import { privateMongoWireServer, type PrivateMongoWireServer } from '@ledger/projections/testing';
import { createApp, loadConfig } from '@ledger/platform';
import { withTestToken } from '@ledger/platform/testing';
import { eventually } from '@ledger/event-store/testing';
import { freePort } from '@ledger/platform/testing';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { MongoClient } from 'mongodb';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { queryApiConfigSchema } from '../src/query-api.config';
import { queryApiDefinition } from '../src/query-api.definition';

/**
 * The portfolio endpoint against a MongoDB-wire server of this file's own: down when the query
 * API starts, then started, then frozen. While it cannot answer, the endpoint says so with 503
 * and Retry-After, never 500 and never later than MONGODB_TIMEOUT_MS; afterwards it serves
 * again without a restart.
 */
describe('query API: the portfolio while the MongoDB-wire server is down or frozen', () => {
  const schema = `query_outage_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const ownerId = randomUUID();
  let server: PrivateMongoWireServer;
  let pool: Pool;
  let app: NestFastifyApplication;
  let url: string;

  beforeAll(async () => {
    server = privateMongoWireServer(await freePort());
    pool = new Pool({ connectionString: process.env['DATABASE_URL'], max: 2 });
    await migrateReadModels(pool, schema);
    const config = loadConfig(queryApiConfigSchema, {
      ...process.env,
      HOST: '127.0.0.1',
      READ_MODEL_SCHEMA: schema,
      MONGODB_URL: server.urlOf('portfolio_outage'),
      MONGODB_TIMEOUT_MS: '1000',
      LOG_LEVEL: 'silent',
    });
    app = await createApp(queryApiDefinition(config));
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
  });
  afterAll(async () => {
    await app.close();
    await server.dispose();
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool.end();
  });

  const portfolio = async () => fetch(`${url}/customers/${ownerId}/portfolio`, { headers: await withTestToken() });

  async function expectUnavailable(response: Response): Promise<void> {
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.headers.get('retry-after')).toBe('5');
    expect(await response.json()).toMatchObject({ status: 503, code: 'READ_MODEL_UNAVAILABLE' });
  }

  it('down since the app started: 503 READ_MODEL_UNAVAILABLE with Retry-After', async () => {
    await expectUnavailable(await portfolio());
  });

  it('started later: the same app serves the portfolio, without a restart', async () => {
    await server.start();
    const seeded = new MongoClient(server.urlOf('portfolio_outage'));
    await seeded
      .db()
      .collection<{ _id: string }>('customer_portfolios')
      .insertOne({
        _id: ownerId,
        ownerId,
        accounts: { [randomUUID()]: { accountId: randomUUID(), currency: 'EUR', balanceMinor: '1250', status: 'open', revision: 1 } },
        updatedAt: new Date(),
      } as { _id: string });
    await seeded.close();

    const response = await eventually(portfolio, (answer) => answer.status !== 503, { timeoutMs: 15_000 });

    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ownerId, totals: { EUR: '12.50' } });
  });

  it('frozen: 503 within the time budget, and served again once it answers', async () => {
    await server.freeze();
    await expectUnavailable(await portfolio());
    server.thaw();

    const response = await eventually(portfolio, (answer) => answer.status === 200, { timeoutMs: 15_000 });
    expect(response.status).toBe(200);
  });
});
