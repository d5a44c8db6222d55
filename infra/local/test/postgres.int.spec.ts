import { randomUUID } from 'node:crypto';
import { Client } from 'pg';

const serverUrl = (): string => {
  const url = process.env.DATABASE_URL;
  if (url === undefined) throw new Error('DATABASE_URL is not set: the jest global setup starts the stack and sets it');
  return url;
};

describe('the local PostgreSQL', () => {
  const database = `stack_test_${randomUUID().replaceAll('-', '')}`;
  let admin: Client;

  beforeAll(async () => {
    admin = new Client({ connectionString: serverUrl() });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
  });

  afterAll(async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  });

  it('commits a row in one transaction and reads it back from another connection', async () => {
    const url = new URL(serverUrl());
    url.pathname = `/${database}`;
    const writer = new Client({ connectionString: url.toString() });
    const reader = new Client({ connectionString: url.toString() });
    await Promise.all([writer.connect(), reader.connect()]);
    try {
      await writer.query('CREATE TABLE entries (id bigint PRIMARY KEY, amount_minor bigint NOT NULL)');
      await writer.query('BEGIN');
      await writer.query('INSERT INTO entries VALUES (1, 12550)');
      expect((await reader.query('SELECT count(*)::int AS n FROM entries')).rows).toEqual([{ n: 0 }]);
      await writer.query('COMMIT');
      expect((await reader.query('SELECT id::text, amount_minor::text FROM entries')).rows).toEqual([{ id: '1', amount_minor: '12550' }]);
    } finally {
      await Promise.all([writer.end(), reader.end()]);
    }
  });

  it('offers what the event store relies on: xid8 snapshots and durable commits', async () => {
    const { rows } = await admin.query<{ xmin: string; fsync: string; sync: string }>(
      "SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin, current_setting('fsync') AS fsync, current_setting('synchronous_commit') AS sync",
    );
    expect(BigInt(rows[0]?.xmin ?? '0')).toBeGreaterThan(0n);
    expect(rows[0]).toMatchObject({ fsync: 'on', sync: 'on' });
  });
});
