import { createApp, loadConfig } from '@ledger/platform';
import { freePort } from '@ledger/platform/testing';
import { projectorConfigSchema } from './projector.config';
import { ProjectorModule } from './projector.module';

describe('projector wiring', () => {
  it('listens on 3002 and uses the local stack by default', () => {
    expect(loadConfig(projectorConfigSchema, {})).toMatchObject({
      port: 3002,
      databaseUrl: 'postgres://ledger:ledger@127.0.0.1:55432/ledger',
      mongodbUrl: 'mongodb://127.0.0.1:27018/ledger',
      kafkaBrokers: ['127.0.0.1:19092'],
    });
  });

  it('validates KAFKA_BROKERS with the messaging package parser', () => {
    expect(loadConfig(projectorConfigSchema, { KAFKA_BROKERS: 'k1:9092,k2:9092' }).kafkaBrokers).toEqual([
      'k1:9092',
      'k2:9092',
    ]);
    expect(() => loadConfig(projectorConfigSchema, { KAFKA_BROKERS: 'kafka' })).toThrow(
      'KAFKA_BROKERS: "kafka" is not a host:port broker address',
    );
  });

  it('reports Kafka, PostgreSQL and MongoDB on /health, here down because nothing listens', async () => {
    const closedPort = await freePort();
    const config = loadConfig(projectorConfigSchema, {
      DATABASE_URL: `postgres://ledger:ledger@127.0.0.1:${closedPort}/ledger`,
      MONGODB_URL: `mongodb://127.0.0.1:${closedPort}/ledger`,
      KAFKA_BROKERS: `127.0.0.1:${closedPort}`,
      LOG_LEVEL: 'silent',
    });
    const app = await createApp({ name: 'projector', rootModule: ProjectorModule, config });
    try {
      const response = await app.inject({ method: 'GET', url: '/health' });

      expect(response.statusCode).toBe(503);
      expect(response.json()).toMatchObject({
        status: 'down',
        checks: { kafka: { status: 'down' }, postgres: { status: 'down' }, mongodb: { status: 'down' } },
      });
    } finally {
      await app.close();
    }
  });
});
