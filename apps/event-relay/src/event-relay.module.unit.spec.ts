import { createApp, loadConfig } from '@ledger/platform';
import { freePort } from '@ledger/platform/testing';
import { eventRelayConfigSchema } from './event-relay.config';
import { EventRelayModule } from './event-relay.module';

describe('event-relay wiring', () => {
  it('listens on 3003 and uses the local stack by default', () => {
    expect(loadConfig(eventRelayConfigSchema, {})).toMatchObject({
      port: 3003,
      databaseUrl: 'postgres://ledger:ledger@127.0.0.1:55432/ledger',
      kafkaBrokers: ['127.0.0.1:19092'],
    });
  });

  it('reports PostgreSQL and Kafka on /health, here down because nothing listens', async () => {
    const closedPort = await freePort();
    const config = loadConfig(eventRelayConfigSchema, {
      DATABASE_URL: `postgres://ledger:ledger@127.0.0.1:${closedPort}/ledger`,
      KAFKA_BROKERS: `127.0.0.1:${closedPort}`,
      LOG_LEVEL: 'silent',
    });
    const app = await createApp({ name: 'event-relay', rootModule: EventRelayModule, config });
    try {
      const response = await app.inject({ method: 'GET', url: '/health' });

      expect(response.statusCode).toBe(503);
      expect(response.json()).toMatchObject({
        status: 'down',
        checks: { postgres: { status: 'down' }, kafka: { status: 'down' } },
      });
    } finally {
      await app.close();
    }
  });
});
