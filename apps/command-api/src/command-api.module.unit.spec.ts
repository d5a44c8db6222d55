import { createApp, loadConfig } from '@ledger/platform';
import { freePort } from '@ledger/platform/testing';
import { commandApiConfigSchema } from './command-api.config';
import { commandApiDefinition } from './command-api.definition';

describe('command-api wiring', () => {
  it('listens on 3000 and uses the local stack by default', () => {
    expect(loadConfig(commandApiConfigSchema, {})).toEqual({
      host: '0.0.0.0',
      port: 3000,
      logLevel: 'info',
      databaseUrl: 'postgres://ledger:ledger@127.0.0.1:55432/ledger',
      databasePoolSize: 20,
      eventStore: 'postgres',
      eventStoreSchema: 'event_store',
      snapshotEvery: 100,
      commandMaxAttempts: 5,
      idempotencyKeyTtlHours: 24,
    });
  });

  it('refuses a schema name that is not a plain SQL name, and a key lifetime under 24 h', () => {
    expect(() => loadConfig(commandApiConfigSchema, { EVENT_STORE_SCHEMA: 'x; DROP TABLE', IDEMPOTENCY_KEY_TTL_HOURS: '1' })).toThrow(
      /EVENT_STORE_SCHEMA[\s\S]*IDEMPOTENCY_KEY_TTL_HOURS|IDEMPOTENCY_KEY_TTL_HOURS[\s\S]*EVENT_STORE_SCHEMA/,
    );
  });

  it('reports PostgreSQL down on /health and answers commands 503 while nothing listens at DATABASE_URL', async () => {
    const closedPort = await freePort();
    const config = loadConfig(commandApiConfigSchema, {
      DATABASE_URL: `postgres://ledger:ledger@127.0.0.1:${closedPort}/ledger`,
      LOG_LEVEL: 'silent',
    });
    const app = await createApp(commandApiDefinition(config));
    try {
      const response = await app.inject({ method: 'GET', url: '/health' });

      expect(response.statusCode).toBe(503);
      expect(response.json()).toMatchObject({ status: 'down', checks: { postgres: { status: 'down' }, eventStore: { status: 'down' } } });

      const command = await app.inject({
        method: 'POST',
        url: '/accounts',
        payload: { ownerId: '3b9f1c2a-8d4e-4f6a-b1c3-9e8d7f6a5b4c', currency: 'EUR' },
      });
      expect(command.statusCode).toBe(503);
      expect(command.json()).toMatchObject({ code: 'EVENT_STORE_UNAVAILABLE' });
    } finally {
      await app.close();
    }
  });
});
