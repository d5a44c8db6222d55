import { Pool } from 'pg';
import { EventStoreDbEventStore } from '../src/eventstoredb';
import { PostgresEventStore } from '../src/postgres';
import { openEventStore, parseEventStoreDbUrl } from '../src/select';

describe('choosing the event store by config', () => {
  // A pool connects on its first query; none is made here.
  const pool = new Pool({ connectionString: 'postgres://ledger@127.0.0.1:1/ledger' });
  afterAll(() => pool.end());

  it('opens PostgreSQL on the app\'s pool and schema, and leaves the pool to the app on close', async () => {
    const opened = openEventStore({ kind: 'postgres', pool, schema: 'event_store', url: undefined });

    expect(opened.kind).toBe('postgres');
    expect(opened.store).toBeInstanceOf(PostgresEventStore);
    await opened.close();
    expect(pool.ending).toBe(false);
  });

  it('opens EventStoreDB on EVENTSTORE_URL, without connecting, and closes its client', async () => {
    const opened = openEventStore({ kind: 'eventstoredb', pool, schema: 'event_store', url: 'esdb://127.0.0.1:1?tls=false' });

    expect(opened.store).toBeInstanceOf(EventStoreDbEventStore);
    await expect(opened.close()).resolves.toBeUndefined();
  });

  it('refuses EventStoreDB without a connection string', () => {
    expect(() => openEventStore({ kind: 'eventstoredb', pool, schema: 'event_store', url: undefined })).toThrow('EVENT_STORE=eventstoredb needs EVENTSTORE_URL');
  });
});

describe('an EventStoreDB connection string', () => {
  it.each([
    'esdb://127.0.0.1:2113?tls=false',
    'esdb://admin:changeit@es:2113',
    'esdb://admin:s/cr:t@es:2113',
    'esdb+discover://cluster.internal:2113?nodePreference=leader',
    'esdb://es1:2113,es2:2113,es3:2113?tls=false',
    'esdb://127.0.0.1:2113/',
    'esdb://es',
  ])('accepts %p', (value) => {
    expect(parseEventStoreDbUrl(value)).toBe(value);
  });

  it.each([
    ['http://es:2113', '"http://es:2113" is not an EventStoreDB connection string: use esdb:// or esdb+discover://'],
    ['es:2113', '"es:2113" is not an EventStoreDB connection string: use esdb:// or esdb+discover://'],
    ['tcp://admin:changeit@es:1113', '"tcp://admin:***@es:1113" is not an EventStoreDB connection string: use esdb:// or esdb+discover://'],
    ['esdb://', '"esdb://" names an empty host'],
    ['esdb://es1:2113,,es3:2113', '"esdb://es1:2113,,es3:2113" names an empty host'],
    ['esdb://admin:s/cr:t@es:99999', '"esdb://admin:***@es:99999" names "es:99999", which is not host[:port]'],
    ['esdb://admin:changeit@es:99999', '"esdb://admin:***@es:99999" names "es:99999", which is not host[:port]'],
    ['esdb://es:tls', '"esdb://es:tls" names "es:tls", which is not host[:port]'],
    ['esdb://[::1]:2113', '"esdb://[::1]:2113" names "[::1]:2113", which is not host[:port]'],
  ])('refuses %p, saying why without echoing a password', (value, message) => {
    expect(() => parseEventStoreDbUrl(value)).toThrow(message);
  });
});
