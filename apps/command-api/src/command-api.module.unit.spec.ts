import { configWarningsOf, createApp, loadConfig } from '@ledger/platform';
import { freePort, localTokenIssuer } from '@ledger/platform/testing';
import { commandApiConfigSchema } from './command-api.config';
import { commandApiDefinition } from './command-api.definition';

describe('command-api wiring', () => {
  it('listens on 3000 and uses the local stack by default', () => {
    expect(loadConfig(commandApiConfigSchema, {})).toEqual({
      host: '0.0.0.0',
      port: 3000,
      logLevel: 'info',
      httpRequestTimeoutMs: 10_000,
      httpConnectionTimeoutMs: 60_000,
      trustedProxies: [],
      databaseUrl: 'postgres://ledger:ledger@127.0.0.1:55432/ledger',
      databasePoolSize: 20,
      databaseStatementTimeoutMs: 5_000,
      databaseLockTimeoutMs: 2_000,
      databaseIdleInTransactionTimeoutMs: 10_000,
      databaseConnectTimeoutMs: 1_500,
      commandQueueMaxPerAccount: 100,
      commandTimeoutMs: 8_000,
      eventStore: 'postgres',
      kurrentDbUrl: undefined,
      kurrentDbClient: 'kurrentdb',
      eventStoreSchema: 'event_store',
      migrateOnBoot: true,
      snapshotEvery: 100,
      stateCacheSize: 10_000,
      commandMaxAttempts: 5,
      idempotencyKeyTtlHours: 24,
      authIssuer: 'http://127.0.0.1:3004',
      authAudience: 'ledger',
      authJwksUrl: undefined,
      authRolesClaim: 'roles',
      authClockToleranceSeconds: 30,
      operationsAccess: 'open',
      corsOrigins: [],
      redisUrl: 'redis://127.0.0.1:16379',
      rateLimitPerMinute: 1_200,
      rateLimitAnonymousPerMinute: 120,
    });
  });

  it('takes the token issuer over https: only in production, but on the loopback address', () => {
    const production = { NODE_ENV: 'production', DATABASE_URL: 'postgres://u:p@db:5432/ledger', REDIS_URL: 'redis://cache:6379' };
    expect(() => loadConfig(commandApiConfigSchema, { ...production, AUTH_ISSUER: 'http://sso.example.com/realms/bank' })).toThrow(
      'AUTH_ISSUER: must use https: when NODE_ENV is production (http: only on the loopback address)',
    );
    expect(loadConfig(commandApiConfigSchema, { ...production, AUTH_ISSUER: 'https://sso.example.com/realms/bank' }).authIssuer).toBe('https://sso.example.com/realms/bank');
    expect(loadConfig(commandApiConfigSchema, { ...production, AUTH_ISSUER: 'http://127.0.0.1:3004' }).authIssuer).toBe('http://127.0.0.1:3004');
    expect(loadConfig(commandApiConfigSchema, { AUTH_ISSUER: 'http://sso.internal' }).authIssuer).toBe('http://sso.internal');
  });

  it('migrates its schema at boot in development only: production leaves it to the migration step unless MIGRATE_ON_BOOT says otherwise', () => {
    const production = { NODE_ENV: 'production', DATABASE_URL: 'postgres://u:p@db:5432/ledger', REDIS_URL: 'redis://cache:6379', AUTH_ISSUER: 'https://sso.example.com' };
    expect(loadConfig(commandApiConfigSchema, {}).migrateOnBoot).toBe(true);
    expect(loadConfig(commandApiConfigSchema, production).migrateOnBoot).toBe(false);
    expect(loadConfig(commandApiConfigSchema, { ...production, MIGRATE_ON_BOOT: 'true' }).migrateOnBoot).toBe(true);
  });

  it('refuses a schema name that is not a plain SQL name, and a key lifetime under 24 h', () => {
    expect(() => loadConfig(commandApiConfigSchema, { EVENT_STORE_SCHEMA: 'x; DROP TABLE', IDEMPOTENCY_KEY_TTL_HOURS: '1' })).toThrow(
      /EVENT_STORE_SCHEMA[\s\S]*IDEMPOTENCY_KEY_TTL_HOURS|IDEMPOTENCY_KEY_TTL_HOURS[\s\S]*EVENT_STORE_SCHEMA/,
    );
  });

  it('runs on KurrentDB when EVENT_STORE says so, with a connection string of one host or several, through the chosen client', () => {
    const config = loadConfig(commandApiConfigSchema, { EVENT_STORE: 'kurrentdb', KURRENTDB_URL: 'kurrentdb://127.0.0.1:2113?tls=false' });
    expect(config).toMatchObject({ eventStore: 'kurrentdb', kurrentDbUrl: 'kurrentdb://127.0.0.1:2113?tls=false', kurrentDbClient: 'kurrentdb' });
    expect(configWarningsOf(config)).toEqual([]);
    expect(loadConfig(commandApiConfigSchema, { EVENT_STORE: 'kurrentdb', KURRENTDB_URL: 'esdb+discover://admin:changeit@es1:2113,es2:2113', KURRENTDB_CLIENT: 'eventstoredb' })).toMatchObject({
      kurrentDbUrl: 'esdb+discover://admin:changeit@es1:2113,es2:2113',
      kurrentDbClient: 'eventstoredb',
    });
    expect(() => loadConfig(commandApiConfigSchema, { KURRENTDB_CLIENT: 'grpc' })).toThrow('KURRENTDB_CLIENT: "grpc" is not one of kurrentdb, eventstoredb');
  });

  it('accepts EVENT_STORE=eventstoredb and EVENTSTORE_URL, the former names, with a warning each; KURRENTDB_URL wins over EVENTSTORE_URL', () => {
    const old = loadConfig(commandApiConfigSchema, { EVENT_STORE: 'eventstoredb', EVENTSTORE_URL: 'esdb://127.0.0.1:2113?tls=false' });
    expect(old).toMatchObject({ eventStore: 'kurrentdb', kurrentDbUrl: 'esdb://127.0.0.1:2113?tls=false' });
    expect(configWarningsOf(old)).toEqual(['EVENT_STORE=eventstoredb is deprecated: use EVENT_STORE=kurrentdb', 'EVENTSTORE_URL is deprecated: rename it KURRENTDB_URL']);
    const both = loadConfig(commandApiConfigSchema, { EVENT_STORE: 'kurrentdb', KURRENTDB_URL: 'kurrentdb://new:2113', EVENTSTORE_URL: 'esdb://old:2113' });
    expect(both.kurrentDbUrl).toBe('kurrentdb://new:2113');
    expect(configWarningsOf(both)).toEqual(['EVENTSTORE_URL is ignored: KURRENTDB_URL, its new name, is set too']);
  });

  it('refuses EVENT_STORE=kurrentdb without KURRENTDB_URL, naming the variable', () => {
    expect(() => loadConfig(commandApiConfigSchema, { EVENT_STORE: 'kurrentdb' })).toThrow(
      'Invalid configuration: KURRENTDB_URL: is required when EVENT_STORE is kurrentdb',
    );
    expect(() => loadConfig(commandApiConfigSchema, { EVENT_STORE: 'eventstoredb' })).toThrow('KURRENTDB_URL: is required when EVENT_STORE is kurrentdb');
  });

  it('refuses a KURRENTDB_URL (or EVENTSTORE_URL) that is not a KurrentDB connection string, without echoing its password, and an unknown EVENT_STORE', () => {
    expect(() => loadConfig(commandApiConfigSchema, { EVENT_STORE: 'kurrentdb', KURRENTDB_URL: 'http://admin:hunter2@es:2113' })).toThrow(
      'KURRENTDB_URL: "http://admin:***@es:2113" is not a KurrentDB connection string: use kurrentdb:// or kurrentdb+discover:// (esdb:// and esdb+discover:// work too)',
    );
    expect(() => loadConfig(commandApiConfigSchema, { EVENT_STORE: 'kurrentdb', KURRENTDB_URL: 'kurrentdb://es1:2113,,es2:2113' })).toThrow('KURRENTDB_URL: "kurrentdb://es1:2113,,es2:2113" names an empty host');
    expect(() => loadConfig(commandApiConfigSchema, { EVENT_STORE: 'eventstoredb', EVENTSTORE_URL: 'esdb://es1:2113,,es2:2113' })).toThrow('EVENTSTORE_URL: "esdb://es1:2113,,es2:2113" names an empty host');
    expect(() => loadConfig(commandApiConfigSchema, { EVENT_STORE: 'mongodb' })).toThrow('EVENT_STORE: "mongodb" is not one of postgres, kurrentdb');
  });

  it('reports PostgreSQL down on /health and answers commands 503 while nothing listens at DATABASE_URL', async () => {
    const closedPort = await freePort();
    const config = loadConfig(commandApiConfigSchema, {
      DATABASE_URL: `postgres://ledger:ledger@127.0.0.1:${closedPort}/ledger`,
      LOG_LEVEL: 'silent',
    });
    const issuer = await localTokenIssuer();
    const app = await createApp(commandApiDefinition(config, undefined, issuer.keys));
    try {
      const response = await app.inject({ method: 'GET', url: '/health' });

      expect(response.statusCode).toBe(503);
      expect(response.json()).toMatchObject({ status: 'down', checks: { postgres: { status: 'down' }, eventStore: { status: 'down' } } });

      const command = await app.inject({
        method: 'POST',
        url: '/accounts',
        headers: await issuer.headersFor('teller-1', ['teller']),
        payload: { ownerId: '3b9f1c2a-8d4e-4f6a-b1c3-9e8d7f6a5b4c', currency: 'EUR' },
      });
      expect(command.statusCode).toBe(503);
      expect(command.json()).toMatchObject({ code: 'EVENT_STORE_UNAVAILABLE' });
    } finally {
      await app.close();
    }
  });

  it('reports KurrentDB down on /health and answers commands 503 while nothing listens at KURRENTDB_URL', async () => {
    const closedPort = await freePort();
    const config = loadConfig(commandApiConfigSchema, {
      EVENT_STORE: 'kurrentdb',
      KURRENTDB_URL: `kurrentdb://127.0.0.1:${closedPort}?tls=false`,
      DATABASE_URL: `postgres://ledger:ledger@127.0.0.1:${closedPort}/ledger`,
      LOG_LEVEL: 'silent',
    });
    const issuer = await localTokenIssuer();
    const app = await createApp(commandApiDefinition(config, undefined, issuer.keys));
    try {
      const response = await app.inject({ method: 'GET', url: '/health' });

      expect(response.statusCode).toBe(503);
      expect(response.json()).toMatchObject({ status: 'down', checks: { eventStore: { status: 'down', error: expect.stringMatching(/unavailable/i) as unknown } } });

      const command = await app.inject({
        method: 'POST',
        url: '/accounts',
        headers: await issuer.headersFor('teller-1', ['teller']),
        payload: { ownerId: '3b9f1c2a-8d4e-4f6a-b1c3-9e8d7f6a5b4c', currency: 'EUR' },
      });
      expect(command.statusCode).toBe(503);
      expect(command.json()).toMatchObject({ code: 'EVENT_STORE_UNAVAILABLE' });
    } finally {
      await app.close();
    }
  });
});
