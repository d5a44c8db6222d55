import { Pool, type PoolClient } from 'pg';
import { rollBack } from '../src/postgres';

/** How a transaction that failed leaves its connection, by the way it failed. */
describe('rollBack', () => {
  const pool = new Pool({ connectionString: process.env['DATABASE_URL'], max: 2, query_timeout: 300 });
  const inTransaction = async (client: PoolClient) => {
    await client.query('BEGIN');
    await client.query('CREATE TEMP TABLE scratch (n int) ON COMMIT DROP');
  };

  afterAll(() => pool.end());

  it('given a statement the server refused, rolls back and keeps the connection for the pool', async () => {
    const client = await pool.connect();
    await inTransaction(client);
    const failure = await client.query('SELECT * FROM no_such_table').catch((error: unknown) => error);

    const broken = await rollBack(client, failure);

    expect(broken).toBeUndefined();
    // The table created in the transaction went with it, and the session answers again.
    expect((await client.query<{ scratch: string | null }>("SELECT to_regclass('pg_temp.scratch')::text AS scratch")).rows).toEqual([{ scratch: null }]);
    client.release(broken);
  });

  it('given a statement the client stopped waiting for, tries no ROLLBACK behind it and hands back the error that destroys the connection', async () => {
    const client = await pool.connect();
    await inTransaction(client);
    const failure = await client.query('SELECT pg_sleep(2)').catch((error: unknown) => error);
    const statements = jest.spyOn(client, 'query');

    const broken = await rollBack(client, failure);

    expect(broken).toBe(failure);
    // Queued behind the still running pg_sleep, a ROLLBACK would only have waited for it.
    expect(statements).not.toHaveBeenCalled();
    client.release(broken);
    expect(pool.totalCount).toBe(0);
  });

  it('given a session the server ended, reports the failed ROLLBACK so the connection is destroyed', async () => {
    const client = await pool.connect();
    await inTransaction(client);
    const other = await pool.connect();
    const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid;
    client.on('error', () => undefined);
    await other.query('SELECT pg_terminate_backend($1)', [pid]);
    other.release();

    const broken = await rollBack(client, new Error('the server went away'));

    expect(broken).toBeInstanceOf(Error);
    client.release(broken);
  });
});
