import { createApp, loadConfig } from '@ledger/platform';
import { freePort } from '@ledger/platform/testing';
import { queryApiConfigSchema } from './query-api.config';
import { QueryApiModule } from './query-api.module';

describe('query-api wiring', () => {
  it('listens on 3001 and uses the local stack by default', () => {
    expect(loadConfig(queryApiConfigSchema, {})).toMatchObject({
      port: 3001,
      databaseUrl: 'postgres://ledger:ledger@127.0.0.1:55432/ledger',
      databaseStatementTimeoutMs: 5_000,
      databaseLockTimeoutMs: 2_000,
      databaseIdleInTransactionTimeoutMs: 10_000,
      mongodbUrl: 'mongodb://127.0.0.1:27018/ledger',
      mongodbTimeoutMs: 4_000,
    });
  });

  it('rejects a MONGODB_URL that is not a MongoDB URL', () => {
    expect(() => loadConfig(queryApiConfigSchema, { MONGODB_URL: 'http://127.0.0.1:27018' })).toThrow(
      'MONGODB_URL: "http://127.0.0.1:27018/" must use mongodb: or mongodb+srv:',
    );
  });

  it('reports PostgreSQL and MongoDB on /health, here down because nothing listens', async () => {
    const closedPort = await freePort();
    const config = loadConfig(queryApiConfigSchema, {
      DATABASE_URL: `postgres://ledger:ledger@127.0.0.1:${closedPort}/ledger`,
      MONGODB_URL: `mongodb://127.0.0.1:${closedPort}/ledger`,
      LOG_LEVEL: 'silent',
    });
    const app = await createApp({ name: 'query-api', rootModule: QueryApiModule, config });
    try {
      const response = await app.inject({ method: 'GET', url: '/health' });

      expect(response.statusCode).toBe(503);
      expect(response.json()).toMatchObject({
        status: 'down',
        checks: { postgres: { status: 'down' }, mongodb: { status: 'down' } },
      });
    } finally {
      await app.close();
    }
  });
});
