import { createApp, loadConfig } from '@ledger/platform';
import { freePort } from '@ledger/platform/testing';
import { projectorConfigSchema } from './projector.config';
import { projectorDefinition } from './projector.definition';

describe('projector wiring', () => {
  it('listens on 3002 and uses the local stack by default', () => {
    expect(loadConfig(projectorConfigSchema, {})).toMatchObject({
      port: 3002,
      databaseUrl: 'postgres://ledger:ledger@127.0.0.1:55432/ledger',
      databaseStatementTimeoutMs: 60_000,
      databaseLockTimeoutMs: 10_000,
      databaseIdleInTransactionTimeoutMs: 30_000,
      mongodbUrl: 'mongodb://127.0.0.1:27018/ledger',
      mongodbTimeoutMs: 10_000,
      kafkaBrokers: ['127.0.0.1:19092'],
      eventStore: 'postgres',
      eventStoreUrl: undefined,
      eventStoreSchema: 'event_store',
      readModelSchema: 'read_models',
      projections: ['account-summary', 'account-transactions', 'customer-portfolio'],
      topicPrefix: 'ledger',
      maxAttempts: 5,
      fetchMaxWaitMs: 100,
      rebuildBatchSize: 5_000,
      rebuildGraceSeconds: 60,
      rebuildOnVersionChange: true,
    });
  });

  it('reads the rebuild settings, and refuses a grace the query API\'s 1 s cache of the live copy could outlast or a boolean it cannot read', () => {
    expect(
      loadConfig(projectorConfigSchema, { PROJECTION_REBUILD_BATCH_SIZE: '100', PROJECTION_REBUILD_GRACE_SECONDS: '5', PROJECTION_REBUILD_ON_VERSION_CHANGE: 'false' }),
    ).toMatchObject({ rebuildBatchSize: 100, rebuildGraceSeconds: 5, rebuildOnVersionChange: false });
    expect(() => loadConfig(projectorConfigSchema, { PROJECTION_REBUILD_GRACE_SECONDS: '1' })).toThrow('PROJECTION_REBUILD_GRACE_SECONDS: "1" is not an integer between 5 and 86400');
    expect(() => loadConfig(projectorConfigSchema, { PROJECTION_REBUILD_ON_VERSION_CHANGE: 'yes' })).toThrow('PROJECTION_REBUILD_ON_VERSION_CHANGE: "yes" is not true or false');
  });

  it('runs the projections PROJECTIONS names, and refuses a name it does not know', () => {
    expect(loadConfig(projectorConfigSchema, { PROJECTIONS: 'customer-portfolio, account-summary' }).projections).toEqual([
      'customer-portfolio',
      'account-summary',
    ]);
    expect(loadConfig(projectorConfigSchema, { PROJECTIONS: 'all' }).projections).toHaveLength(3);
    expect(() => loadConfig(projectorConfigSchema, { PROJECTIONS: 'account-summary,balances' })).toThrow(
      'PROJECTIONS: unknown projection(s) balances; known: account-summary, account-transactions, customer-portfolio, or all',
    );
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

  it('heals gaps and rebuilds from EventStoreDB when EVENT_STORE says so, and refuses it without a usable EVENTSTORE_URL', () => {
    expect(loadConfig(projectorConfigSchema, { EVENT_STORE: 'eventstoredb', EVENTSTORE_URL: 'esdb+discover://es.internal:2113' })).toMatchObject({
      eventStore: 'eventstoredb',
      eventStoreUrl: 'esdb+discover://es.internal:2113',
    });
    expect(() => loadConfig(projectorConfigSchema, { EVENT_STORE: 'eventstoredb', EVENTSTORE_URL: '' })).toThrow('EVENTSTORE_URL: is required when EVENT_STORE is eventstoredb');
    expect(() => loadConfig(projectorConfigSchema, { EVENT_STORE: 'eventstoredb', EVENTSTORE_URL: 'kurrentdb://es:2113' })).toThrow(
      'EVENTSTORE_URL: "kurrentdb://es:2113" is not an EventStoreDB connection string: use esdb:// or esdb+discover://',
    );
  });

  it('reports Kafka, PostgreSQL, MongoDB and the read-model schema on /health, here down because nothing listens', async () => {
    const closedPort = await freePort();
    const config = loadConfig(projectorConfigSchema, {
      DATABASE_URL: `postgres://ledger:ledger@127.0.0.1:${closedPort}/ledger`,
      MONGODB_URL: `mongodb://127.0.0.1:${closedPort}/ledger`,
      KAFKA_BROKERS: `127.0.0.1:${closedPort}`,
      LOG_LEVEL: 'silent',
    });
    const app = await createApp(projectorDefinition(config));
    try {
      const response = await app.inject({ method: 'GET', url: '/health' });

      expect(response.statusCode).toBe(503);
      expect(response.json()).toMatchObject({
        status: 'down',
        checks: { kafka: { status: 'down' }, postgres: { status: 'down' }, mongodb: { status: 'down' }, readModels: { status: 'down' } },
      });
    } finally {
      await app.close();
    }
  });

  it('answers GET /projections while every dependency is away: nothing started yet, numbers it cannot learn are null', async () => {
    const closedPort = await freePort();
    const config = loadConfig(projectorConfigSchema, {
      DATABASE_URL: `postgres://ledger:ledger@127.0.0.1:${closedPort}/ledger`,
      MONGODB_URL: `mongodb://127.0.0.1:${closedPort}/ledger`,
      KAFKA_BROKERS: `127.0.0.1:${closedPort}`,
      PROJECTIONS: 'account-summary',
      LOG_LEVEL: 'silent',
    });
    const app = await createApp(projectorDefinition(config));
    try {
      const response = await app.inject({ method: 'GET', url: '/projections' });

      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({
        items: [{ name: 'account-summary', version: 1, state: 'starting', lag: { events: null, seconds: null }, applied: 0, deadLetters: null, waiting: null, rebuild: null }],
      });
    } finally {
      await app.close();
    }
  });

  it('boots on EventStoreDB as well, answering GET /projections while EventStoreDB is away too', async () => {
    const closedPort = await freePort();
    const config = loadConfig(projectorConfigSchema, {
      EVENT_STORE: 'eventstoredb',
      EVENTSTORE_URL: `esdb://127.0.0.1:${closedPort}?tls=false`,
      DATABASE_URL: `postgres://ledger:ledger@127.0.0.1:${closedPort}/ledger`,
      MONGODB_URL: `mongodb://127.0.0.1:${closedPort}/ledger`,
      KAFKA_BROKERS: `127.0.0.1:${closedPort}`,
      PROJECTIONS: 'account-summary',
      LOG_LEVEL: 'silent',
    });
    const app = await createApp(projectorDefinition(config));
    try {
      const response = await app.inject({ method: 'GET', url: '/projections' });

      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ items: [{ name: 'account-summary', state: 'starting' }] });
    } finally {
      await app.close();
    }
  });
});
