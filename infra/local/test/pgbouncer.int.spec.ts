import { postgresPoolConfig } from '@ledger/platform';
import { Pool } from 'pg';
import { adminConsole, startPrivatePgBouncer, type PrivatePgBouncer } from '../src/pooling/private-pgbouncer';

/** What an app asks for at startup: node-postgres sends these as startup parameters. */
const appConfig = {
  databaseUrl: '',
  databaseStatementTimeoutMs: 5_000,
  databaseLockTimeoutMs: 2_000,
  databaseIdleInTransactionTimeoutMs: 10_000,
  databaseConnectTimeoutMs: 1_500,
  databasePoolSize: 4,
};

/** Set by the pooler, and different from the app's, so a test can tell whose limits a session runs under. */
const poolerLimits = { statementTimeoutMs: 1_000, lockTimeoutMs: 750, idleInTransactionTimeoutMs: 1_500 };

describe('PgBouncer as the stack runs it, in front of the stack’s PostgreSQL', () => {
  let pooler: PrivatePgBouncer;
  let pool: Pool;
  beforeAll(async () => {
    pooler = await startPrivatePgBouncer({ sessionLimits: poolerLimits, serverConnections: 2 });
    pool = new Pool(postgresPoolConfig({ ...appConfig, databaseUrl: pooler.url }, 'pooled-app'));
  });
  afterAll(async () => {
    await pool?.end();
    await pooler?.remove();
  });

  it('pools in transactions, sharing its few server connections among more clients', async () => {
    const clients = await Promise.all(Array.from({ length: 4 }, () => pool.connect()));
    try {
      await Promise.all(clients.map((client) => client.query('SELECT 1')));
      const pools = await adminConsole<{ database: string; pool_mode: string; cl_active: number; sv_active: number; sv_idle: number }>(pooler, 'SHOW POOLS');
      const ledger = pools.find((row) => row.database === 'ledger');

      expect(ledger).toMatchObject({ pool_mode: 'transaction', cl_active: 4 });
      expect((ledger?.sv_active ?? 0) + (ledger?.sv_idle ?? 0)).toBeLessThanOrEqual(2);
    } finally {
      for (const client of clients) client.release();
    }
  });

  it('lets node-postgres’s startup parameters in, and the server applies the limits PgBouncer sets, not those dropped parameters', async () => {
    const { rows } = await pool.query<{ name: string; setting: string }>(
      `SELECT name, setting FROM pg_settings WHERE name IN ('statement_timeout', 'lock_timeout', 'idle_in_transaction_session_timeout', 'application_name') ORDER BY name`,
    );

    expect(Object.fromEntries(rows.map((row) => [row.name, row.setting]))).toEqual({
      application_name: 'pooled-app',
      idle_in_transaction_session_timeout: '1500',
      lock_timeout: '750',
      statement_timeout: '1000',
    });
  });

  it('has the server cancel a statement that runs past the limit (57014)', async () => {
    const began = Date.now();
    const failure = await pool.query('SELECT pg_sleep(10)').then(
      () => undefined,
      (error: unknown) => error,
    );

    expect(failure).toMatchObject({ code: '57014' });
    expect(Date.now() - began).toBeLessThan(5_000);
    expect((await pool.query<{ ok: number }>('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }]);
  });
});
