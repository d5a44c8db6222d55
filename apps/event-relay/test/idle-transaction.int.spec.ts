import { accountStreamId } from '@ledger/domain';
import { eventually } from '@ledger/event-store/testing';
import { randomUUID } from 'node:crypto';
import { Client, Pool } from 'pg';
import { migrate, PostgresEventStore } from '@ledger/event-store/postgres';

/**
 * What the docs promise about a forgotten transaction elsewhere in the cluster: readAll (and so
 * the relay) stops before any event whose transaction is younger than the oldest one still
 * open, so a session left idle in a transaction holds the relay back; an app's own session
 * limits cannot end another client's session, but the server's (or the database's)
 * idle_in_transaction_session_timeout does, and the relay then goes on by itself. This test sets
 * that limit on a database of its own, as an operator would on theirs (the local stack sets it
 * server-wide).
 */
describe('the relay reading $all behind a transaction some other client forgot open', () => {
  const adminUrl = process.env['DATABASE_URL'];
  if (adminUrl === undefined) throw new Error('DATABASE_URL is not set: run via the int jest project (it starts the stack)');
  const database = `ledger_idle_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const databaseUrl = (() => {
    const url = new URL(adminUrl);
    url.pathname = `/${database}`;
    return url.href;
  })();
  let pool: Pool | undefined;

  beforeAll(async () => {
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${database}"`);
    await admin.query(`ALTER DATABASE "${database}" SET idle_in_transaction_session_timeout = '2s'`);
    await admin.end();
    pool = new Pool({ connectionString: databaseUrl, max: 2 });
    await migrate(pool, 'event_store');
  });
  afterAll(async () => {
    await pool?.end();
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await admin.end();
  });

  it('is held back while the transaction sits open, and goes on once the server ends it', async () => {
    if (pool === undefined) throw new Error('the database is created in beforeAll');
    const store = new PostgresEventStore({ pool, schema: 'event_store' });
    const forgetful = new Client({ connectionString: databaseUrl, application_name: 'forgetful-client' });
    // The server's FATAL, then the closed socket: every error is kept (one unheard would crash the test).
    const errors: (Error & { code?: unknown })[] = [];
    forgetful.on('error', (error) => errors.push(error));
    await forgetful.connect();
    await forgetful.query('BEGIN');
    await forgetful.query('SELECT pg_current_xact_id()'); // it wrote (or locked) something: it has an xid
    // …and is forgotten: no COMMIT, no ROLLBACK, the connection stays open.

    await store.appendToStream(accountStreamId(randomUUID()), [{ eventId: randomUUID(), type: 'Opened', schemaVersion: 1, data: {}, metadata: {} }], {
      expectedRevision: 'no_stream',
    });

    await expect(store.readAll({ fromPosition: 0n, maxCount: 10 })).resolves.toEqual([]);
    const relayed = await eventually(
      () => store.readAll({ fromPosition: 0n, maxCount: 10 }),
      (events) => events.length === 1,
    );
    expect(relayed).toMatchObject([{ type: 'Opened', streamRevision: 0n }]);
    // It was the server's idle_in_transaction_session_timeout (25P03) that ended it.
    await eventually(
      () => Promise.resolve(errors.map((error) => error.code)),
      (codes) => codes.includes('25P03'),
    );
    await forgetful.end().catch(() => undefined);
  });
});
