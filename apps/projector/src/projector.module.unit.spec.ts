import { createApp, loadConfig } from '@ledger/platform';
import { freePort, localTokenIssuer } from '@ledger/platform/testing';
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
      kurrentDbUrl: undefined,
      kurrentDbClient: 'kurrentdb',
      eventStoreSchema: 'event_store',
      readModelSchema: 'read_models',
      projections: ['account-summary', 'account-transactions', 'customer-portfolio', 'transfer-summary'],
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

  it('reads the console settings: its client, the relay and the intervals, with floors', () => {
    expect(loadConfig(projectorConfigSchema, {})).toMatchObject({
      consoleClientId: 'ledger-console',
      relayUrl: 'http://127.0.0.1:3003',
      consoleStreamIntervalMs: 1_000,
      consoleHistorySampleMs: 5_000,
      consoleMaxStreams: 20,
    });
    expect(loadConfig(projectorConfigSchema, { RELAY_URL: 'https://relay.internal:8443/ops', CONSOLE_CLIENT_ID: 'ops-console' })).toMatchObject({
      relayUrl: 'https://relay.internal:8443/ops',
      consoleClientId: 'ops-console',
    });
    expect(() => loadConfig(projectorConfigSchema, { CONSOLE_STREAM_INTERVAL_MS: '10' })).toThrow('CONSOLE_STREAM_INTERVAL_MS');
    expect(() => loadConfig(projectorConfigSchema, { RELAY_URL: 'ftp://relay' })).toThrow('RELAY_URL');
  });

  it('runs the projections PROJECTIONS names, and refuses a name it does not know', () => {
    expect(loadConfig(projectorConfigSchema, { PROJECTIONS: 'customer-portfolio, account-summary' }).projections).toEqual([
      'customer-portfolio',
      'account-summary',
    ]);
    expect(loadConfig(projectorConfigSchema, { PROJECTIONS: 'all' }).projections).toHaveLength(4);
    expect(loadConfig(projectorConfigSchema, { PROJECTIONS: 'transfer-summary' }).projections).toEqual(['transfer-summary']);
    expect(() => loadConfig(projectorConfigSchema, { PROJECTIONS: 'account-summary,balances' })).toThrow(
      'PROJECTIONS: unknown projection(s) balances; known: account-summary, account-transactions, customer-portfolio, transfer-summary, or all',
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

  it('heals gaps and rebuilds from KurrentDB when EVENT_STORE says so (or its former value eventstoredb), and refuses it without a usable KURRENTDB_URL', () => {
    expect(loadConfig(projectorConfigSchema, { EVENT_STORE: 'kurrentdb', KURRENTDB_URL: 'kurrentdb+discover://es.internal:2113' })).toMatchObject({
      eventStore: 'kurrentdb',
      kurrentDbUrl: 'kurrentdb+discover://es.internal:2113',
      kurrentDbClient: 'kurrentdb',
    });
    expect(loadConfig(projectorConfigSchema, { EVENT_STORE: 'eventstoredb', EVENTSTORE_URL: 'esdb+discover://es.internal:2113' })).toMatchObject({
      eventStore: 'kurrentdb',
      kurrentDbUrl: 'esdb+discover://es.internal:2113',
    });
    expect(() => loadConfig(projectorConfigSchema, { EVENT_STORE: 'kurrentdb', KURRENTDB_URL: '' })).toThrow('KURRENTDB_URL: is required when EVENT_STORE is kurrentdb');
    expect(() => loadConfig(projectorConfigSchema, { EVENT_STORE: 'eventstoredb', EVENTSTORE_URL: 'http://es:2113' })).toThrow(
      'EVENTSTORE_URL: "http://es:2113" is not a KurrentDB connection string: use kurrentdb:// or kurrentdb+discover:// (esdb:// and esdb+discover:// work too)',
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
    const issuer = await localTokenIssuer();
    const app = await createApp(projectorDefinition(config, undefined, issuer.keys));
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
    const issuer = await localTokenIssuer();
    const app = await createApp(projectorDefinition(config, undefined, issuer.keys));
    try {
      const response = await app.inject({ method: 'GET', url: '/projections', headers: await issuer.headersFor('operator-1', ['operator']) });

      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({
        items: [{ name: 'account-summary', version: 1, state: 'starting', lag: { events: null, seconds: null }, applied: 0, deadLetters: null, waiting: null, rebuild: null }],
      });
    } finally {
      await app.close();
    }
  });

  it('boots on KurrentDB through @eventstore/db-client under the former names, warning once per name, answering GET /projections while KurrentDB is away too', async () => {
    const closedPort = await freePort();
    const lines: string[] = [];
    const config = loadConfig(projectorConfigSchema, {
      EVENT_STORE: 'eventstoredb',
      EVENTSTORE_URL: `esdb://127.0.0.1:${closedPort}?tls=false`,
      KURRENTDB_CLIENT: 'eventstoredb',
      DATABASE_URL: `postgres://ledger:ledger@127.0.0.1:${closedPort}/ledger`,
      MONGODB_URL: `mongodb://127.0.0.1:${closedPort}/ledger`,
      KAFKA_BROKERS: `127.0.0.1:${closedPort}`,
      PROJECTIONS: 'account-summary',
      LOG_LEVEL: 'warn',
    });
    const issuer = await localTokenIssuer();
    const app = await createApp(projectorDefinition(config, { write: (line: string) => lines.push(line) }, issuer.keys));
    try {
      const response = await app.inject({ method: 'GET', url: '/projections', headers: await issuer.headersFor('operator-1', ['operator']) });

      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ items: [{ name: 'account-summary', state: 'starting' }] });
      const warnings = lines.map((line) => JSON.parse(line) as { message: string }).filter((line) => /deprecated/.test(line.message));
      expect(warnings).toEqual([
        expect.objectContaining({ 'log.level': 'warn', message: 'EVENT_STORE=eventstoredb is deprecated: use EVENT_STORE=kurrentdb' }),
        expect.objectContaining({ 'log.level': 'warn', message: 'EVENTSTORE_URL is deprecated: rename it KURRENTDB_URL' }),
      ]);
    } finally {
      await app.close();
    }
  });
});
