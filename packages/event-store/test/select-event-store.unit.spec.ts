import { Pool } from 'pg';
import { connectionStringFor } from '../src/kurrentdb/connection-string';
import { KurrentDbEventStore } from '../src/kurrentdb';
import { PostgresEventStore } from '../src/postgres';
import { openEventStore, parseKurrentDbUrl } from '../src/select';

describe('choosing the event store by config', () => {
  // A pool connects on its first query; none is made here.
  const pool = new Pool({ connectionString: 'postgres://ledger@127.0.0.1:1/ledger' });
  afterAll(() => pool.end());
  const settings = { eventStore: 'kurrentdb', eventStoreSchema: 'event_store', kurrentDbUrl: undefined, kurrentDbClient: 'kurrentdb' } as const;

  it('opens PostgreSQL on the app\'s pool and schema, and leaves the pool to the app on close', async () => {
    const opened = openEventStore({ ...settings, eventStore: 'postgres' }, pool);

    expect(opened.kind).toBe('postgres');
    expect(opened.store).toBeInstanceOf(PostgresEventStore);
    await opened.close();
    expect(pool.ending).toBe(false);
  });

  it('opens KurrentDB on KURRENTDB_URL, without connecting, and closes its client', async () => {
    const opened = openEventStore({ ...settings, kurrentDbUrl: 'kurrentdb://127.0.0.1:1?tls=false' }, pool);

    expect(opened.store).toBeInstanceOf(KurrentDbEventStore);
    await expect(opened.close()).resolves.toBeUndefined();
  });

  it('refuses KurrentDB without a connection string', () => {
    expect(() => openEventStore(settings, pool)).toThrow('EVENT_STORE=kurrentdb needs KURRENTDB_URL');
  });
});

describe('a KurrentDB connection string', () => {
  it.each([
    'kurrentdb://127.0.0.1:2113?tls=false',
    'kurrentdb+discover://cluster.internal:2113?nodePreference=leader',
    'kurrent://es:2113',
    'kdb+discover://es:2113',
    'esdb://127.0.0.1:2113?tls=false',
    'esdb://admin:changeit@es:2113',
    'esdb://admin:s/cr:t@es:2113',
    'esdb+discover://cluster.internal:2113?nodePreference=leader',
    'kurrentdb://es1:2113,es2:2113,es3:2113?tls=false',
    'esdb://127.0.0.1:2113/',
    'kurrentdb://es',
  ])('accepts %p', (value) => {
    expect(parseKurrentDbUrl(value)).toBe(value);
  });

  const notOne = 'is not a KurrentDB connection string: use kurrentdb:// or kurrentdb+discover:// (esdb:// and esdb+discover:// work too)';
  it.each([
    ['http://es:2113', `"http://es:2113" ${notOne}`],
    ['es:2113', `"es:2113" ${notOne}`],
    ['tcp://admin:changeit@es:1113', `"tcp://admin:***@es:1113" ${notOne}`],
    ['kurrentdb://', '"kurrentdb://" names an empty host'],
    ['esdb://es1:2113,,es3:2113', '"esdb://es1:2113,,es3:2113" names an empty host'],
    ['kurrentdb://admin:s/cr:t@es:99999', '"kurrentdb://admin:***@es:99999" names "es:99999", which is not host[:port]'],
    ['esdb://admin:changeit@es:99999', '"esdb://admin:***@es:99999" names "es:99999", which is not host[:port]'],
    ['esdb://es:tls', '"esdb://es:tls" names "es:tls", which is not host[:port]'],
    ['kurrentdb://[::1]:2113', '"kurrentdb://[::1]:2113" names "[::1]:2113", which is not host[:port]'],
  ])('refuses %p, saying why without echoing a password', (value, message) => {
    expect(() => parseKurrentDbUrl(value)).toThrow(message);
  });

  it.each([
    ['kurrentdb', 'esdb://admin:changeit@es1:2113,es2:2113?tls=false', 'kurrentdb://admin:changeit@es1:2113,es2:2113?tls=false'],
    ['kurrentdb', 'esdb+discover://cluster:2113', 'kurrentdb+discover://cluster:2113'],
    ['kurrentdb', 'kdb://es:2113', 'kurrentdb://es:2113'],
    ['eventstoredb', 'kurrentdb://es:2113?tls=false', 'esdb://es:2113?tls=false'],
    ['eventstoredb', 'kurrent+discover://cluster:2113', 'esdb+discover://cluster:2113'],
    ['eventstoredb', 'esdb://es:2113', 'esdb://es:2113'],
  ] as const)('reaches the %s client in the scheme it reads: %p becomes %p', (client, value, expected) => {
    expect(connectionStringFor(client, value)).toBe(expected);
  });
});
