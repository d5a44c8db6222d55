import { ConfigError } from './config-error';
import { env } from './env';
import { configWarningsOf, loadConfig } from './load-config';
import { platformEnv, type LogLevel } from './platform-config';

const schema = {
  ...platformEnv('COMMAND_API_PORT', 3000),
  databaseUrl: env.url('DATABASE_URL', 'postgres://ledger:ledger@127.0.0.1:55432/ledger', ['postgres:', 'postgresql:']),
  kafkaBrokers: env.list('KAFKA_BROKERS', ['127.0.0.1:19092']),
  batchSize: env.integer('BATCH_SIZE', 100, { min: 1, max: 1_000 }),
  kurrentDbUrl: env.optional(env.url('KURRENTDB_URL')),
};

function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('uses the defaults when nothing is set', () => {
    expect(loadConfig(schema, {})).toEqual({
      host: '0.0.0.0',
      port: 3000,
      logLevel: 'info',
      httpRequestTimeoutMs: 10_000,
      httpConnectionTimeoutMs: 60_000,
      trustedProxies: [],
      databaseUrl: 'postgres://ledger:ledger@127.0.0.1:55432/ledger',
      kafkaBrokers: ['127.0.0.1:19092'],
      batchSize: 100,
      kurrentDbUrl: undefined,
    });
  });

  it('parses set variables into their types, ignoring surrounding whitespace', () => {
    const config = loadConfig(schema, {
      HOST: '127.0.0.1',
      COMMAND_API_PORT: ' 8080 ',
      LOG_LEVEL: 'debug',
      HTTP_REQUEST_TIMEOUT_MS: '5000',
      HTTP_CONNECTION_TIMEOUT_MS: '90000',
      TRUST_PROXY: '10.0.0.0/8, ::1',
      DATABASE_URL: 'postgresql://app@db:5432/ledger',
      KAFKA_BROKERS: 'k1:9092, k2:9092',
      BATCH_SIZE: '250',
      KURRENTDB_URL: 'kurrentdb://localhost:2113',
    });

    // Compile-time half of the test: the schema decides the config's field types.
    const typed: {
      port: number;
      logLevel: LogLevel;
      kafkaBrokers: readonly string[];
      kurrentDbUrl: string | undefined;
    } = config;
    expect(typed).toEqual({
      host: '127.0.0.1',
      port: 8080,
      logLevel: 'debug',
      httpRequestTimeoutMs: 5_000,
      httpConnectionTimeoutMs: 90_000,
      trustedProxies: ['10.0.0.0/8', '::1'],
      databaseUrl: 'postgresql://app@db:5432/ledger',
      kafkaBrokers: ['k1:9092', 'k2:9092'],
      batchSize: 250,
      kurrentDbUrl: 'kurrentdb://localhost:2113',
    });
  });

  it('takes trusted proxies as addresses or CIDR ranges only', () => {
    expect(() => loadConfig(schema, { TRUST_PROXY: 'gateway.local' })).toThrow('TRUST_PROXY: "gateway.local" is not an IP address or CIDR range');
    expect(() => loadConfig(schema, { TRUST_PROXY: '10.0.0.0/33' })).toThrow('TRUST_PROXY: "10.0.0.0/33" is not an IP address or CIDR range');
    expect(loadConfig(schema, { TRUST_PROXY: '2001:db8::/32' }).trustedProxies).toEqual(['2001:db8::/32']);
  });

  it('treats a blank variable as unset', () => {
    expect(loadConfig(schema, { COMMAND_API_PORT: '', LOG_LEVEL: '  ' })).toMatchObject({ port: 3000, logLevel: 'info' });
  });

  it('names every bad variable and why, all at once', () => {
    const error = configError(() =>
      loadConfig(schema, {
        COMMAND_API_PORT: 'abc',
        LOG_LEVEL: 'loud',
        DATABASE_URL: 'mysql://root:hunter2@db/ledger',
        KAFKA_BROKERS: 'k1:9092,,k2:9092',
        BATCH_SIZE: '1.5',
        KURRENTDB_URL: 'not a url',
      }),
    );

    expect(error.issues).toEqual([
      { variable: 'COMMAND_API_PORT', problem: '"abc" is not a port (1-65535)' },
      { variable: 'LOG_LEVEL', problem: '"loud" is not one of fatal, error, warn, info, debug, trace, silent' },
      { variable: 'DATABASE_URL', problem: '"mysql://root:***@db/ledger" must use postgres: or postgresql:' },
      { variable: 'KAFKA_BROKERS', problem: '"k1:9092,,k2:9092" has an empty entry' },
      { variable: 'BATCH_SIZE', problem: '"1.5" is not an integer between 1 and 1000' },
      { variable: 'KURRENTDB_URL', problem: 'is not a valid URL' },
    ]);
    expect(error.message).toBe(
      'Invalid configuration: COMMAND_API_PORT: "abc" is not a port (1-65535); ' +
        'LOG_LEVEL: "loud" is not one of fatal, error, warn, info, debug, trace, silent; ' +
        'DATABASE_URL: "mysql://root:***@db/ledger" must use postgres: or postgresql:; ' +
        'KAFKA_BROKERS: "k1:9092,,k2:9092" has an empty entry; ' +
        'BATCH_SIZE: "1.5" is not an integer between 1 and 1000; ' +
        'KURRENTDB_URL: is not a valid URL',
    );
    expect(error.message).not.toContain('hunter2');
  });

  it.each(['0', '65536', '-1', '80a', '3000.0'])('rejects %p as a port', (port) => {
    expect(configError(() => loadConfig(schema, { COMMAND_API_PORT: port })).issues).toEqual([
      { variable: 'COMMAND_API_PORT', problem: `"${port}" is not a port (1-65535)` },
    ]);
  });

  it('reports a required variable that is missing', () => {
    const required = { databaseUrl: env.url('DATABASE_URL'), name: env.string('APP_NAME') };

    expect(configError(() => loadConfig(required, {})).issues).toEqual([
      { variable: 'DATABASE_URL', problem: 'is required but not set' },
      { variable: 'APP_NAME', problem: 'is required but not set' },
    ]);
  });

  it('reports the message of a custom parser', () => {
    const brokers = {
      brokers: env.custom('KAFKA_BROKERS', ['127.0.0.1:19092'], (value) => {
        if (!value.includes(':')) throw new Error(`"${value}" is not a host:port broker address`);
        return value.split(',');
      }),
    };

    expect(loadConfig(brokers, { KAFKA_BROKERS: 'a:1,b:2' })).toEqual({ brokers: ['a:1', 'b:2'] });
    expect(configError(() => loadConfig(brokers, { KAFKA_BROKERS: 'kafka' })).issues).toEqual([
      { variable: 'KAFKA_BROKERS', problem: '"kafka" is not a host:port broker address' },
    ]);
  });

  describe('a variable required only while another has a given value', () => {
    const store = env.oneOf('EVENT_STORE', ['postgres', 'kurrentdb'] as const, 'postgres');
    const requiredWhen = { store, url: env.requiredWhen(store, 'kurrentdb', env.url('KURRENTDB_URL', undefined, ['kurrentdb:'])) };

    it('is optional while the other has another value, its default included', () => {
      expect(loadConfig(requiredWhen, {})).toEqual({ store: 'postgres', url: undefined });
      expect(loadConfig(requiredWhen, { KURRENTDB_URL: 'kurrentdb://db:2113' })).toEqual({ store: 'postgres', url: 'kurrentdb://db:2113' });
    });

    it('is required while the other has that value, and says so', () => {
      expect(loadConfig(requiredWhen, { EVENT_STORE: 'kurrentdb', KURRENTDB_URL: 'kurrentdb://db:2113' })).toEqual({ store: 'kurrentdb', url: 'kurrentdb://db:2113' });
      expect(configError(() => loadConfig(requiredWhen, { EVENT_STORE: 'kurrentdb', KURRENTDB_URL: ' ' })).issues).toEqual([
        { variable: 'KURRENTDB_URL', problem: 'is required when EVENT_STORE is kurrentdb' },
      ]);
    });

    it('is validated when set even if not needed, and adds nothing when the other is itself invalid', () => {
      expect(configError(() => loadConfig(requiredWhen, { KURRENTDB_URL: 'http://db:2113' })).issues).toEqual([
        { variable: 'KURRENTDB_URL', problem: '"http://db:2113/" must use kurrentdb:' },
      ]);
      expect(configError(() => loadConfig(requiredWhen, { EVENT_STORE: 'mysql' })).issues).toEqual([
        { variable: 'EVENT_STORE', problem: '"mysql" is not one of postgres, kurrentdb' },
      ]);
    });
  });

  describe('deprecated names and values', () => {
    const store = env.renamedValues(env.oneOf('EVENT_STORE', ['postgres', 'kurrentdb'] as const, 'postgres'), { eventstoredb: 'kurrentdb' });
    const schemaWithRenames = { store, url: env.renamed(env.requiredWhen(store, 'kurrentdb', env.url('KURRENTDB_URL', undefined, ['kurrentdb:'])), 'EVENTSTORE_URL') };

    it('warns about nothing when only current names and values are set', () => {
      const config = loadConfig(schemaWithRenames, { EVENT_STORE: 'kurrentdb', KURRENTDB_URL: 'kurrentdb://db:2113' });

      expect(config).toEqual({ store: 'kurrentdb', url: 'kurrentdb://db:2113' });
      expect(configWarningsOf(config)).toEqual([]);
    });

    it('accepts a former value and a former name, with one warning line each', () => {
      const config = loadConfig(schemaWithRenames, { EVENT_STORE: 'eventstoredb', EVENTSTORE_URL: 'kurrentdb://old:2113' });

      expect(config).toEqual({ store: 'kurrentdb', url: 'kurrentdb://old:2113' });
      expect(configWarningsOf(config)).toEqual([
        'EVENT_STORE=eventstoredb is deprecated: use EVENT_STORE=kurrentdb',
        'EVENTSTORE_URL is deprecated: rename it KURRENTDB_URL',
      ]);
    });

    it('reads the new name when both are set, and says the former one is ignored', () => {
      const config = loadConfig(schemaWithRenames, { EVENT_STORE: 'kurrentdb', KURRENTDB_URL: 'kurrentdb://new:2113', EVENTSTORE_URL: 'kurrentdb://old:2113' });

      expect(config.url).toBe('kurrentdb://new:2113');
      expect(configWarningsOf(config)).toEqual(['EVENTSTORE_URL is ignored: KURRENTDB_URL, its new name, is set too']);
    });

    it('reports a bad value under the name it was set as, and a missing one under the new name', () => {
      expect(configError(() => loadConfig(schemaWithRenames, { EVENTSTORE_URL: 'http://old:2113' })).issues).toEqual([
        { variable: 'EVENTSTORE_URL', problem: '"http://old:2113/" must use kurrentdb:' },
      ]);
      expect(configError(() => loadConfig(schemaWithRenames, { EVENT_STORE: 'eventstoredb' })).issues).toEqual([
        { variable: 'KURRENTDB_URL', problem: 'is required when EVENT_STORE is kurrentdb' },
      ]);
    });
  });

  it.each(['Public', 'a-b', 'x; DROP TABLE events', '1abc', 'a'.repeat(64)])('rejects %p as an SQL name', (name) => {
    const schemas = { schema: env.sqlName('EVENT_STORE_SCHEMA', 'event_store') };

    expect(configError(() => loadConfig(schemas, { EVENT_STORE_SCHEMA: name })).issues).toEqual([
      { variable: 'EVENT_STORE_SCHEMA', problem: `"${name}" is not a lower-case SQL name (a-z, 0-9, _; at most 63 characters)` },
    ]);
    expect(loadConfig(schemas, { EVENT_STORE_SCHEMA: 'read_models_2' })).toEqual({ schema: 'read_models_2' });
  });

  it('reads process.env when no source is given', () => {
    const variable = `LEDGER_TEST_${process.pid}`;
    process.env[variable] = 'from-process-env';
    try {
      expect(loadConfig({ value: env.string(variable) })).toEqual({ value: 'from-process-env' });
    } finally {
      delete process.env[variable];
    }
  });
});
