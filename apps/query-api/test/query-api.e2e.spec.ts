import { describeBuiltAppOperations, freePort, startOnFreePort, withTestToken, type BuiltAppUnderTest } from '@ledger/platform/testing';
import { migrateReadModels } from '@ledger/projections/postgres';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Pool } from 'pg';

const up: unknown = expect.objectContaining({ status: 'up' });

// The built app, as production runs it; the e2e global setup builds it and starts the stack.
const mongodbUnreachable = (port: number) => ({ MONGODB_URL: `mongodb://127.0.0.1:${port}/ledger` });
const redisUnreachable = (port: number) => ({ REDIS_URL: `redis://127.0.0.1:${port}` });

const queryApi: BuiltAppUnderTest = {
  app: 'query-api',
  main: join(__dirname, '..', 'dist', 'main.js'),
  portVariable: 'QUERY_API_PORT',
  healthyChecks: { postgres: up, mongodb: expect.objectContaining({ status: 'up', optional: true }), redis: expect.objectContaining({ status: 'up', optional: true }) as unknown },
  unreachable: (port) => ({ DATABASE_URL: `postgres://ledger:ledger@127.0.0.1:${port}/ledger`, ...mongodbUnreachable(port), ...redisUnreachable(port) }),
  // Accounts and transactions live in PostgreSQL; only the portfolio needs MongoDB.
  // Rate limits are counted in Redis; without it requests are served unlimited.
  optionalDependencies: { mongodb: mongodbUnreachable, redis: redisUnreachable },
  undeclaredMethod: { method: 'POST', path: '/accounts/0b1c2d3e-4f50-4a61-8b72-93a4b5c6d7e8/transactions', allow: 'GET, HEAD' },
  productionRequired: ['DATABASE_URL', 'MONGODB_URL', 'AUTH_ISSUER', 'REDIS_URL'],
};

describeBuiltAppOperations(queryApi);

describe('query-api, built, with MongoDB unreachable', () => {
  const schema = `query_e2e_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const pool = new Pool({ connectionString: process.env['DATABASE_URL'], max: 1 });
  beforeAll(async () => {
    await migrateReadModels(pool, schema);
  });
  afterAll(async () => {
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool.end();
  });

  it('serves accounts from PostgreSQL and answers the portfolio with 503 READ_MODEL_UNAVAILABLE', async () => {
    const app = await startOnFreePort(queryApi, { READ_MODEL_SCHEMA: schema, ...mongodbUnreachable(await freePort()) });
    try {
      const account = await fetch(`${app.url}/accounts/${randomUUID()}`, { headers: await withTestToken() });
      const portfolio = await fetch(`${app.url}/customers/${randomUUID()}/portfolio`, { headers: await withTestToken() });

      expect(account.status).toBe(404);
      expect(await account.json()).toMatchObject({ code: 'ACCOUNT_NOT_FOUND' });
      expect(portfolio.status).toBe(503);
      expect(portfolio.headers.get('retry-after')).not.toBeNull();
      expect(await portfolio.json()).toMatchObject({ code: 'READ_MODEL_UNAVAILABLE' });
    } finally {
      await app.stop();
    }
  });
});
