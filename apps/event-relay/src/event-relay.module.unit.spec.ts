import { configWarningsOf, createApp, loadConfig } from '@ledger/platform';
import { freePort } from '@ledger/platform/testing';
import { relayNameOf } from './create-event-relay';
import { eventRelayConfigSchema } from './event-relay.config';
import { EventRelayModule } from './event-relay.module';

describe('event-relay wiring', () => {
  it('listens on 3003 and uses the local stack by default', () => {
    expect(loadConfig(eventRelayConfigSchema, {})).toMatchObject({
      port: 3003,
      databaseUrl: 'postgres://ledger:ledger@127.0.0.1:55432/ledger',
      databaseStatementTimeoutMs: 30_000,
      databaseLockTimeoutMs: 5_000,
      databaseIdleInTransactionTimeoutMs: 10_000,
      kafkaBrokers: ['127.0.0.1:19092'],
      eventStore: 'postgres',
      kurrentDbUrl: undefined,
      kurrentDbClient: 'kurrentdb',
      eventStoreSchema: 'event_store',
      checkpointSchema: 'event_relay',
      topicPrefix: 'ledger',
      topicCategories: ['account', 'transfer'],
      topicPartitions: 6,
      topicReplicationFactor: 1,
      topicMinInSyncReplicas: 1,
      batchSize: 500,
    });
  });

  it('connects to Kafka unauthenticated by default; SASL needs its username and password, and production has no broker default', () => {
    expect(loadConfig(eventRelayConfigSchema, {})).toMatchObject({ kafkaSaslMechanism: undefined, kafkaSaslUsername: undefined, kafkaTls: 'false' });
    expect(
      loadConfig(eventRelayConfigSchema, { KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'relay', KAFKA_SASL_PASSWORD: 'x', KAFKA_TLS: 'true' }),
    ).toMatchObject({ kafkaSaslMechanism: 'scram-sha-512', kafkaSaslUsername: 'relay', kafkaSaslPassword: 'x', kafkaTls: 'true' });
    expect(() => loadConfig(eventRelayConfigSchema, { KAFKA_SASL_MECHANISM: 'scram-sha-512' })).toThrow(
      'KAFKA_SASL_USERNAME: is required when KAFKA_SASL_MECHANISM is set; KAFKA_SASL_PASSWORD: is required when KAFKA_SASL_MECHANISM is set',
    );
    expect(() => loadConfig(eventRelayConfigSchema, { KAFKA_SASL_MECHANISM: 'gssapi' })).toThrow('KAFKA_SASL_MECHANISM: "gssapi" is not one of scram-sha-512, scram-sha-256, plain');
    expect(() => loadConfig(eventRelayConfigSchema, { KAFKA_SASL_USERNAME: 'relay', KAFKA_TLS_CA_FILE: '/etc/ca.pem' })).toThrow(
      'KAFKA_SASL_USERNAME: is set but KAFKA_SASL_MECHANISM is not; KAFKA_TLS_CA_FILE: is set but KAFKA_TLS is not true',
    );
    const plain = loadConfig(eventRelayConfigSchema, { KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'relay', KAFKA_SASL_PASSWORD: 'x' });
    expect(configWarningsOf(plain)).toEqual(['KAFKA_SASL_MECHANISM=plain without KAFKA_TLS=true sends the Kafka password in clear']);
    expect(() => loadConfig(eventRelayConfigSchema, { NODE_ENV: 'production', AUTH_ISSUER: 'https://sso.example.com/' })).toThrow(
      'DATABASE_URL: is required when NODE_ENV is production; KAFKA_BROKERS: is required when NODE_ENV is production',
    );
  });

  it('names every bad relay setting at once', () => {
    expect(() =>
      loadConfig(eventRelayConfigSchema, { EVENT_STORE_SCHEMA: 'Event-Store', RELAY_TOPIC_PREFIX: 'a b', RELAY_TOPIC_CATEGORIES: 'account,loan-x' }),
    ).toThrow(/EVENT_STORE_SCHEMA: "Event-Store" is not a lower-case SQL name.*RELAY_TOPIC_PREFIX: "a b" is not a Kafka topic prefix.*RELAY_TOPIC_CATEGORIES: "loan-x" is not a stream category/s);
  });

  it('relays from KurrentDB when EVENT_STORE says so (or its former value eventstoredb), and refuses it without a usable KURRENTDB_URL', () => {
    expect(loadConfig(eventRelayConfigSchema, { EVENT_STORE: 'kurrentdb', KURRENTDB_URL: 'kurrentdb://127.0.0.1:2113?tls=false', KURRENTDB_CLIENT: 'eventstoredb' })).toMatchObject({
      eventStore: 'kurrentdb',
      kurrentDbUrl: 'kurrentdb://127.0.0.1:2113?tls=false',
      kurrentDbClient: 'eventstoredb',
    });
    expect(loadConfig(eventRelayConfigSchema, { EVENT_STORE: 'eventstoredb', EVENTSTORE_URL: 'esdb://127.0.0.1:2113?tls=false' })).toMatchObject({
      eventStore: 'kurrentdb',
      kurrentDbUrl: 'esdb://127.0.0.1:2113?tls=false',
    });
    expect(() => loadConfig(eventRelayConfigSchema, { EVENT_STORE: 'kurrentdb' })).toThrow('KURRENTDB_URL: is required when EVENT_STORE is kurrentdb');
    expect(() => loadConfig(eventRelayConfigSchema, { EVENT_STORE: 'kurrentdb', KURRENTDB_URL: 'tcp://127.0.0.1:1113' })).toThrow(
      'KURRENTDB_URL: "tcp://127.0.0.1:1113" is not a KurrentDB connection string: use kurrentdb:// or kurrentdb+discover:// (esdb:// and esdb+discover:// work too)',
    );
  });

  it('keeps the relay name (checkpoint and lock) of a PostgreSQL store, and gives a KurrentDB one its own, the one it had as EventStoreDB', () => {
    const postgres = loadConfig(eventRelayConfigSchema, { EVENT_STORE_SCHEMA: 'event_store', RELAY_TOPIC_PREFIX: 'ledger' });
    const kurrentDb = loadConfig(eventRelayConfigSchema, { EVENT_STORE: 'kurrentdb', KURRENTDB_URL: 'kurrentdb://es:2113', RELAY_TOPIC_PREFIX: 'ledger' });
    const formerlyEventStoreDb = loadConfig(eventRelayConfigSchema, { EVENT_STORE: 'eventstoredb', EVENTSTORE_URL: 'esdb://es:2113', RELAY_TOPIC_PREFIX: 'ledger' });

    expect(relayNameOf(postgres)).toBe('event_store->ledger');
    expect(relayNameOf(kurrentDb)).toBe('eventstoredb:$all->ledger');
    expect(relayNameOf(formerlyEventStoreDb)).toBe('eventstoredb:$all->ledger');
  });

  it('reports PostgreSQL, Kafka and the relay on /health, here down because nothing listens', async () => {
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
        checks: { postgres: { status: 'down' }, kafka: { status: 'down' }, relay: { status: 'down' } },
      });
    } finally {
      await app.close();
    }
  });

  it('boots on KurrentDB as well, reporting the relay down on /health while nothing listens', async () => {
    const closedPort = await freePort();
    const config = loadConfig(eventRelayConfigSchema, {
      EVENT_STORE: 'kurrentdb',
      KURRENTDB_URL: `kurrentdb://127.0.0.1:${closedPort}?tls=false`,
      DATABASE_URL: `postgres://ledger:ledger@127.0.0.1:${closedPort}/ledger`,
      KAFKA_BROKERS: `127.0.0.1:${closedPort}`,
      LOG_LEVEL: 'silent',
    });
    const app = await createApp({ name: 'event-relay', rootModule: EventRelayModule, config });
    try {
      const response = await app.inject({ method: 'GET', url: '/health' });

      expect(response.statusCode).toBe(503);
      expect(response.json()).toMatchObject({ status: 'down', checks: { relay: { status: 'down' } } });
    } finally {
      await app.close();
    }
  });
});
